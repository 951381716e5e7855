using Unotify.StateMachines;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify graph FILE [--format mermaid|dot]</c>: draws each state machine of a file, states labelled with their Jira
/// status names. A file with errors is not drawn: its diagnostics go to standard error.
/// </summary>
internal sealed class GraphCommand : ICommand
{
    private const string FormatOption = "--format";

    private static readonly Dictionary<string, Func<StateMachineSet, string>> Formats = new(StringComparer.Ordinal)
    {
        ["mermaid"] = StateMachineGraph.ToMermaid,
        ["dot"] = StateMachineGraph.ToDot,
    };

    public string Name => "graph";

    public IReadOnlyList<string> Usage =>
    [
        $"{"graph FILE [--format mermaid|dot]",-45} draw a file's state machines (default mermaid)",
    ];

    public async Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Words is not [var path] || ReadFormat(invocation.Options) is not { } format)
        {
            return await CommandUsage.WriteAsync(invocation, this);
        }

        if (!Formats.TryGetValue(format, out var draw))
        {
            await invocation.Error.WriteLineAsync($"unotify graph: unknown format '{format}'; use {string.Join(" or ", Formats.Keys.Select(name => $"{FormatOption} {name}"))}.");
            return ExitCodes.Usage;
        }

        var loaded = await StateMachineLoader.LoadFileAsync(path, cancellationToken);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            await invocation.Error.WriteLineAsync(diagnostic.ToString());
        }

        if (!loaded.Succeeded)
        {
            return ExitCodes.Failure;
        }

        await invocation.Output.WriteAsync(draw(loaded.Set));
        return ExitCodes.Success;
    }

    /// <summary>The value of <c>--format X</c> or <c>--format=X</c>; <c>mermaid</c> without options; <see langword="null"/> for anything else.</summary>
    private static string? ReadFormat(string[] options) => options switch
    {
        [] => "mermaid",
        [FormatOption, var value] => value,
        [var joined] when joined.StartsWith(FormatOption + "=", StringComparison.Ordinal) => joined[(FormatOption.Length + 1)..],
        _ => null,
    };
}
