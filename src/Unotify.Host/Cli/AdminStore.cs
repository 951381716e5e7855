using Microsoft.Extensions.Configuration;
using Unotify.Core.Storage;
using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary>Opens the installation's store for the admin commands, from the same settings the host reads.</summary>
internal static class AdminStore
{
    public static async Task<RedisStore?> OpenAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        HostSettingsReader.AddUnotifySources(configuration, invocation.Options, Environment.GetEnvironmentVariable);
        try
        {
            var settings = HostSettingsReader.Read(configuration.Build()) with { StoreTimeout = TimeSpan.FromSeconds(5) };
            return await RedisStore.OpenAsync(settings.Store, TimeProvider.System, cancellationToken);
        }
        catch (Exception exception) when (exception is StoreConfigurationException or FormatException)
        {
            await invocation.Error.WriteLineAsync("unotify: " + exception.Message);
            return null;
        }
        catch (InvalidDataException exception)
        {
            await invocation.Error.WriteLineAsync("unotify: " + AppSettingsError.From(exception).Message);
            return null;
        }
    }

    /// <summary>Runs an admin action, turning an unreachable store into exit code 3 and a refused id into exit code 2.</summary>
    public static async Task<int> RunAsync(CommandInvocation invocation, Func<RedisStore, Task<int>> action, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(invocation, cancellationToken);
        if (store is null)
        {
            return ExitCodes.Usage;
        }

        await using (store)
        {
            try
            {
                return await action(store);
            }
            catch (StoreUnavailableException exception)
            {
                await invocation.Error.WriteLineAsync($"unotify: Redis is unreachable ({exception.Message}). Check UNOTIFY_REDIS.");
                return ExitCodes.StoreUnavailable;
            }
            catch (ArgumentException exception)
            {
                await invocation.Error.WriteLineAsync("unotify: " + exception.Message);
                return ExitCodes.Usage;
            }
        }
    }
}
