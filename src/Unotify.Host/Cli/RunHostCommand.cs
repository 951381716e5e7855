using Unotify.Core.Configuration;
using Unotify.Core.Storage;
using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary><c>unotify [all|serve|work]</c>: runs the host in a role until Ctrl+C or SIGTERM.</summary>
internal sealed class RunHostCommand(string name, HostRole role, string summary) : ICommand
{
    public string Name => name;

    public IReadOnlyList<string> Usage => [$"{name,-45} {summary}"];

    public async Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Words.Count > 0)
        {
            await invocation.Error.WriteLineAsync($"unotify {name}: unexpected '{invocation.Words[0]}'; '{name}' takes only options. Run 'unotify --help'.");
            return ExitCodes.Usage;
        }

        UnotifyHost host;
        try
        {
            host = await UnotifyHost.CreateAsync(role, invocation.Options, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is ConfigurationException or StoreConfigurationException or FormatException)
        {
            StartUpMemory.EndQuiet();
            await invocation.Error.WriteLineAsync("unotify: cannot start. " + exception.Message);
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
                await invocation.Error.WriteLineAsync($"unotify: cannot listen on {host.Settings.Urls}: {exception.Message}. Free the port or choose another with --urls.");
                return ExitCodes.Failure;
            }

            StartUpMemory.Settle();

            await host.WaitForShutdownAsync(CancellationToken.None);
        }

        return ExitCodes.Success;
    }
}
