namespace Unotify.StateMachines;

/// <summary>The warnings of a machine's shape: states <c>initial</c> cannot reach, and states that cannot reach <c>&lt;end&gt;</c>.</summary>
internal static class StateMachineReachability
{
    public static void Report(
        string key,
        LocatedText machineName,
        string initial,
        IReadOnlyDictionary<string, LocatedText> declared,
        IReadOnlyList<Transition> transitions,
        DiagnosticBag diagnostics)
    {
        var reachable = Closure([initial], transitions.Where(t => !t.Target.IsEnd).ToLookup(t => t.FromStateId, t => t.Target.StateId!));
        foreach (var state in declared.Values.Where(s => !reachable.Contains(s.Value)))
        {
            diagnostics.Warning(
                state.Location,
                $"state \"{state.Value}\" of statemachine \"{key}\" cannot be reached from initial state \"{initial}\"; add a transition to it or remove it");
        }

        var ending = transitions.Where(t => t.Target.IsEnd).Select(t => t.FromStateId).ToArray();
        if (ending.Length == 0)
        {
            diagnostics.Warning(
                machineName.Location,
                $"statemachine \"{key}\" has no path to <end>: no state has transition = \"<end>\"; add one, e.g. state \"<last state>\" \"next\" {{ transition = \"<end>\" }}");
            return;
        }

        var finishing = Closure(ending, transitions.Where(t => !t.Target.IsEnd).ToLookup(t => t.Target.StateId!, t => t.FromStateId));
        foreach (var state in declared.Values.Where(s => !finishing.Contains(s.Value)))
        {
            diagnostics.Warning(
                state.Location,
                $"state \"{state.Value}\" of statemachine \"{key}\" has no path to <end>: a ticket there can never finish; add a transition from it towards <end>");
        }
    }

    private static HashSet<string> Closure(IEnumerable<string> start, ILookup<string, string> edges)
    {
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        var pending = new Stack<string>(seen);
        while (pending.TryPop(out var state))
        {
            foreach (var next in edges[state].Where(seen.Add))
            {
                pending.Push(next);
            }
        }

        return seen;
    }
}
