using System.Globalization;
using System.Text;

namespace Unotify.StateMachines;

/// <summary>
/// Draws the machines of a <see cref="StateMachineSet"/>: each machine as its own diagram (a composite state in
/// Mermaid, a cluster in Graphviz DOT), states labelled with their Jira status names, edges with their events, the
/// initial state marked by an arrow from a start point and <c>&lt;end&gt;</c> as a terminal node.
/// </summary>
/// <remarks>Lines end with <c>\n</c> whatever the platform, so the output is the same everywhere.</remarks>
public static class StateMachineGraph
{
    /// <summary>A Mermaid <c>stateDiagram-v2</c> with one composite state per project.</summary>
    public static string ToMermaid(StateMachineSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var text = new StringBuilder("stateDiagram-v2\n");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var machine in set.Machines)
        {
            var ids = new MermaidStateIds(machine, used);
            Line(text, 1, $"state {ids.Machine} {{");
            foreach (var state in machine.States)
            {
                Line(text, 2, $"state \"{MermaidText(machine.Aliases[state])}\" as {ids[state]}");
            }

            Line(text, 2, $"[*] --> {ids[machine.Initial]}");
            foreach (var transition in machine.Transitions)
            {
                var to = transition.Target.StateId is { } target ? ids[target] : "[*]";
                Line(text, 2, $"{ids[transition.FromStateId]} --> {to} : {MermaidText(transition.EventName)}");
            }

            Line(text, 1, "}");
        }

        return text.ToString();
    }

    /// <summary>A Graphviz <c>digraph</c> with one cluster per project.</summary>
    public static string ToDot(StateMachineSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var text = new StringBuilder("digraph statemachines {\n");
        Line(text, 1, "rankdir=LR;");
        Line(text, 1, "node [shape=box, style=rounded];");
        foreach (var machine in set.Machines)
        {
            // Distinct prefixes keep the start and end nodes apart from any state, whatever its id.
            string Id(string stateId) => DotString($"{machine.Key}/state/{stateId}");
            var start = DotString($"{machine.Key}/start");
            var end = DotString($"{machine.Key}/end");
            Line(text, 1, $"subgraph {DotString($"cluster_{machine.Key}")} {{");
            Line(text, 2, $"label={DotString(machine.Key)};");
            Line(text, 2, $"{start} [shape=point, label=\"\"];");
            foreach (var state in machine.States)
            {
                Line(text, 2, $"{Id(state)} [label={DotString(machine.Aliases[state])}];");
            }

            if (machine.Transitions.Any(t => t.Target.IsEnd))
            {
                Line(text, 2, $"{end} [shape=doublecircle, label={DotString(TransitionTarget.EndToken)}];");
            }

            Line(text, 2, $"{start} -> {Id(machine.Initial)};");
            foreach (var transition in machine.Transitions)
            {
                var to = transition.Target.StateId is { } target ? Id(target) : end;
                Line(text, 2, $"{Id(transition.FromStateId)} -> {to} [label={DotString(transition.EventName)}];");
            }

            Line(text, 1, "}");
        }

        return text.Append("}\n").ToString();
    }

    private static void Line(StringBuilder text, int depth, string line) =>
        text.Append(' ', depth * 4).Append(line).Append('\n');

    /// <summary>Text Mermaid shows as written: quotes and statement separators as entity codes, one line.</summary>
    private static string MermaidText(string text) =>
        text.Replace(";", "#59;", StringComparison.Ordinal)
            .Replace("\"", "#quot;", StringComparison.Ordinal)
            .ReplaceLineEndings(" ");

    private static string DotString(string text) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).ReplaceLineEndings("\\n")}\"");
}
