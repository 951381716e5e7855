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
                await invocation.Error.WriteLineAsync($"unotify: cannot listen on {host.Settings.Urls}: {exception.Message}. Free the port or choose another with --urls.");
                return ExitCodes.Failure;
            }

            // Start-up leaves tens of MB of garbage (configuration, plugin loading, the embedded Garnet's set-up) that
            // the GC would otherwise keep committed until load arrives: compacting once and handing the free pages back
            // took idle RSS with embedded Garnet from 156 to 118 MB (bench/README.md), for one pause of a few ms.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

            await host.WaitForShutdownAsync(CancellationToken.None);
        }

        return ExitCodes.Success;
    }
}
