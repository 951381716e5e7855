namespace Unotify.Host.Cli;

/// <summary>One word of the command line (<c>serve</c>, <c>hooks</c>, …). Add a command by adding one to <see cref="CommandDispatcher"/>'s table.</summary>
internal interface ICommand
{
    /// <summary>The word that selects the command.</summary>
    string Name { get; }

    /// <summary>Usage lines for <c>unotify --help</c>.</summary>
    IReadOnlyList<string> Usage { get; }

    /// <summary>Runs the command.</summary>
    /// <param name="invocation">The words after the command word, the options, and where to write.</param>
    /// <param name="cancellationToken">Signalled on Ctrl+C.</param>
    /// <returns>The process exit code (see <see cref="ExitCodes"/>).</returns>
    Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}
