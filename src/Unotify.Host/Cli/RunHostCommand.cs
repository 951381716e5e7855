using System.CommandLine;
using Unotify.Core.Configuration;
using Unotify.Core.Storage;
using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary><c>unotify [all|serve|work]</c>: runs the host in a role until Ctrl+C or SIGTERM.</summary>
internal static class RunHostCommand
{
    /// <summary>A command that runs the host in <paramref name="role"/>.</summary>
    public static Command Create(string name, HostRole role, string description, SettingsOptions settings)
    {
        var command = new Command(name, description);
        settings.AddTo(command, listen: true);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, role, settings, cancellationToken));
        return command;
    }

    /// <summary>Makes <paramref name="root"/> run the host with the API and the workers when no command is given.</summary>
    public static void Configure(RootCommand root, SettingsOptions settings)
    {
        settings.AddTo(root, listen: true);
        root.SetAction((parsed, cancellationToken) => RunAsync(parsed, HostRole.All, settings, cancellationToken));
    }

    private static async Task<int> RunAsync(ParseResult parsed, HostRole role, SettingsOptions settings, CancellationToken cancellationToken)
    {
        var console = CommandConsole.Of(parsed);
        UnotifyHost host;
        try
        {
            host = await UnotifyHost.CreateAsync(role, settings.ArgsOf(parsed), cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is ConfigurationException or StoreConfigurationException or FormatException)
        {
            StartUpMemory.EndQuiet();
            await console.Error.WriteLineAsync("unotify: cannot start. " + exception.Message);
            return ExitCodes.Usage;
        }

        await using (host)
        {
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (IOException exception)
            {
                StartUpMemory.EndQuiet();
                await console.Error.WriteLineAsync($"unotify: cannot listen on {host.Settings.Urls}: {exception.Message}. Free the port or choose another with --urls.");
                return ExitCodes.Failure;
            }

            StartUpMemory.Settle();

            await host.WaitForShutdownAsync(CancellationToken.None);
        }

        return ExitCodes.Success;
    }
}
