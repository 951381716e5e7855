namespace Unotify.StateMachines;

/// <summary>
/// The rules of one project's machine: every state has an alias, every transition names a declared state or
/// <c>&lt;end&gt;</c>, one transition per (state, event), <c>initial</c> is a declared state; then, when every
/// transition is valid, the warnings of <see cref="StateMachineReachability"/>.
/// </summary>
internal static class ProjectStateMachineValidator
{
    public static ProjectStateMachine? Validate(
        string key,
        AliasMapperDeclaration aliasMapper,
        StateMachineDeclaration stateMachine,
        DiagnosticBag diagnostics)
    {
        var errorsBefore = diagnostics.ErrorCount;
        var aliases = ValidateAliases(key, aliasMapper.Aliases ?? [], diagnostics);

        // A state is declared by the first label of its first state block; later blocks add events to it.
        var declared = new Dictionary<string, LocatedText>(StringComparer.Ordinal);
        foreach (var block in stateMachine.States)
        {
            if (block.StateId.Value == TransitionTarget.EndToken)
            {
                diagnostics.Error(
                    block.StateId.Location,
                    $"\"{TransitionTarget.EndToken}\" marks the end of statemachine \"{key}\" and cannot be a state; give this state another name");
                continue;
            }

            declared.TryAdd(block.StateId.Value, block.StateId);
        }

        if (aliasMapper.Aliases is not null)
        {
            foreach (var state in declared.Values.Where(s => !aliases.ContainsKey(s.Value)))
            {
                diagnostics.Error(
                    state.Location,
                    $"state \"{state.Value}\" of statemachine \"{key}\" has no alias; add {state.Value}: \"<Jira status>\" to the aliases of aliasmapper \"{key}\"");
            }
        }

        var fields = ValidateFields(key, stateMachine.Fields, declared, diagnostics);
        var errorsBeforeTransitions = diagnostics.ErrorCount;
        var transitions = ValidateTransitions(key, stateMachine.States, declared, diagnostics);

        // Warnings describe the shape of the machine; with transitions dropped as wrong, that shape is not the user's.
        var transitionsComplete = diagnostics.ErrorCount == errorsBeforeTransitions
            && stateMachine.States.All(state => state.Target is not null);
        var initial = stateMachine.Initial;
        if (initial is not null && !declared.ContainsKey(initial.Value))
        {
            diagnostics.Error(
                initial.Location,
                $"initial state \"{initial.Value}\" is not a state of statemachine \"{key}\"; use one of: {Describe.List(declared.Keys)}");
            initial = null;
        }

        if (initial is not null && transitionsComplete)
        {
            StateMachineReachability.Report(key, stateMachine.Name, initial.Value, declared, transitions, diagnostics);
        }

        if (diagnostics.ErrorCount > errorsBefore || initial is null || aliasMapper.Aliases is null)
        {
            return null;
        }

        return new ProjectStateMachine(
            key,
            [.. aliases.Select(a => KeyValuePair.Create(a.Key, a.Value.StatusName.Value))],
            initial.Value,
            [.. transitions],
            fields);
    }

    /// <summary>Each state's fields: the state must be one of the machine's, and have one fields block.</summary>
    private static Dictionary<string, string> ValidateFields(
        string key,
        IReadOnlyList<StateFieldsDeclaration> blocks,
        IReadOnlyDictionary<string, LocatedText> declared,
        DiagnosticBag diagnostics)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = new Dictionary<string, StateFieldsDeclaration>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var state = block.StateId.Value;
            if (!declared.ContainsKey(state))
            {
                diagnostics.Error(
                    block.StateId.Location,
                    $"state \"{state}\" has fields but is not a state of statemachine \"{key}\"; use one of: {Describe.List(declared.Keys)}");
                continue;
            }

            if (!first.TryAdd(state, block))
            {
                diagnostics.Error(
                    block.Location,
                    $"state \"{state}\" has a second fields block (the first is at {Describe.Position(first[state].Location)}); put all of its fields in one");
                continue;
            }

            if (block.FieldsJson is { } json)
            {
                fields.Add(state, json);
            }
        }

        return fields;
    }

    private static Dictionary<string, AliasDeclaration> ValidateAliases(
        string key,
        IReadOnlyList<AliasDeclaration> declared,
        DiagnosticBag diagnostics)
    {
        var byState = new Dictionary<string, AliasDeclaration>(StringComparer.Ordinal);
        var stateByStatus = new Dictionary<string, LocatedText>(StringComparer.Ordinal);
        foreach (var alias in declared)
        {
            if (byState.TryGetValue(alias.StateId.Value, out var earlier))
            {
                diagnostics.Error(
                    alias.StateId.Location,
                    $"aliasmapper \"{key}\" gives state \"{alias.StateId.Value}\" a second alias (the first is at {Describe.Position(earlier.StateId.Location)}); keep one");
                continue;
            }

            if (stateByStatus.TryGetValue(alias.StatusName.Value, out var other))
            {
                diagnostics.Error(
                    alias.StatusName.Location,
                    $"aliasmapper \"{key}\" maps both \"{other.Value}\" and \"{alias.StateId.Value}\" to Jira status \"{alias.StatusName.Value}\"; each status must belong to one state so a ticket's state can be told from its status");
                continue;
            }

            byState.Add(alias.StateId.Value, alias);
            stateByStatus.Add(alias.StatusName.Value, alias.StateId);
        }

        return byState;
    }

    private static string Goes(StateTransitionDeclaration first) =>
        first.Target is { } target ? $" and goes to \"{target.Value}\"" : "";

    private static List<Transition> ValidateTransitions(
        string key,
        IReadOnlyList<StateTransitionDeclaration> blocks,
        IReadOnlyDictionary<string, LocatedText> declared,
        DiagnosticBag diagnostics)
    {
        var transitions = new List<Transition>();
        var first = new Dictionary<(string State, string Event), StateTransitionDeclaration>();
        foreach (var block in blocks)
        {
            var state = block.StateId.Value;
            var eventName = block.EventName.Value;
            if (first.TryGetValue((state, eventName), out var earlier))
            {
                diagnostics.Error(
                    block.Location,
                    $"state \"{state}\" has a second transition for event \"{eventName}\" (the first is at {Describe.Position(earlier.Location)}{Goes(earlier)}); a state machine must be deterministic: keep one transition per state and event");
                continue;
            }

            first.Add((state, eventName), block);
            if (block.Target is not { } target)
            {
                continue;
            }

            if (target.Value == TransitionTarget.EndToken)
            {
                transitions.Add(new Transition(state, eventName, TransitionTarget.End));
            }
            else if (declared.ContainsKey(target.Value))
            {
                transitions.Add(new Transition(state, eventName, TransitionTarget.ToState(target.Value)));
            }
            else
            {
                diagnostics.Error(
                    target.Location,
                    $"state \"{state}\" event \"{eventName}\" goes to \"{target.Value}\", which is not a state of statemachine \"{key}\"; use one of: {Describe.List(declared.Keys)} or \"{TransitionTarget.EndToken}\"");
            }
        }

        return transitions;
    }
}
