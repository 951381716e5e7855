using Microsoft.Extensions.Configuration;
using Unotify.Core.Storage;
using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary>Opens the installation's store for the admin commands, from the same settings the host reads.</summary>
internal static class AdminStore
{
    /// <summary>The host settings from appsettings.json, the environment and <paramref name="settingsArgs"/>.</summary>
    /// <exception cref="FormatException">A setting cannot be read; the message says which and how to fix it.</exception>
    /// <exception cref="InvalidDataException">appsettings.json is not valid JSON.</exception>
    public static HostSettings ReadSettings(string[] settingsArgs)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        HostSettingsReader.AddUnotifySources(configuration, settingsArgs, Environment.GetEnvironmentVariable);
        return HostSettingsReader.Read(configuration.Build());
    }

    /// <summary>
    /// Opens the store and runs <paramref name="action"/> on it: bad settings exit 2, an unreachable store exits 3, an
    /// argument the store refuses exits 2, each with a message on standard error.
    /// </summary>
    public static async Task<int> RunAsync(CommandConsole console, string[] settingsArgs, Func<RedisStore, HostSettings, Task<int>> action, CancellationToken cancellationToken)
    {
        HostSettings settings;
        RedisStore store;
        try
        {
            settings = ReadSettings(settingsArgs) with { StoreTimeout = TimeSpan.FromSeconds(5) };
            // With the embedded store, a running server is used where it listens; a stopped one's directory is opened.
            store = await RedisStore.OpenAsync(settings.Store with { AttachToRunningServer = true }, TimeProvider.System, cancellationToken);
        }
        catch (Exception exception) when (exception is StoreConfigurationException or FormatException)
        {
            await console.Error.WriteLineAsync("unotify: " + exception.Message);
            return ExitCodes.Usage;
        }
        catch (InvalidDataException exception)
        {
            await console.Error.WriteLineAsync("unotify: " + AppSettingsError.From(exception).Message);
            return ExitCodes.Usage;
        }

        await using (store)
        {
            try
            {
                return await action(store, settings);
            }
            catch (StoreUnavailableException exception)
            {
                await console.Error.WriteLineAsync($"unotify: the store is unreachable ({exception.Message}). Check UNOTIFY_REDIS.");
                return ExitCodes.StoreUnavailable;
            }
            catch (ArgumentException exception)
            {
                await console.Error.WriteLineAsync("unotify: " + exception.Message);
                return ExitCodes.Usage;
            }
        }
    }
}
