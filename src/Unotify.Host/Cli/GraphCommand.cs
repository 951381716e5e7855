using System.CommandLine;
using Unotify.StateMachines;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify graph FILE [--format mermaid|dot]</c>: draws each state machine of a file, states labelled with their Jira
/// status names. A file with errors is not drawn: its diagnostics go to standard error.
/// </summary>
internal static class GraphCommand
{
    private static readonly Dictionary<string, Func<StateMachineSet, string>> Formats = new(StringComparer.Ordinal)
    {
        ["mermaid"] = StateMachineGraph.ToMermaid,
        ["dot"] = StateMachineGraph.ToDot,
    };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "the state-machine file" };
        var format = new Option<string>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => "mermaid", HelpName = "format" };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var command = new Command("graph", "Draw a file's state machines, states labelled with their Jira statuses.") { file, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var loaded = await StateMachineLoader.LoadFileAsync(parsed.GetValue(file)!, cancellationToken);
            foreach (var diagnostic in loaded.Diagnostics)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync(diagnostic.ToString());
            }

            if (!loaded.Succeeded)
            {
                return ExitCodes.Failure;
            }

            await parsed.InvocationConfiguration.Output.WriteAsync(Formats[parsed.GetValue(format)!](loaded.Set));
            return ExitCodes.Success;
        });
        return command;
    }
}
