namespace Unotify.StateMachines;

/// <summary>
/// Runs the machines of a <see cref="StateMachineSet"/>: from a project's current Jira status (or state id) and an
/// event, the next state. A lookup allocates only its answer; messages are built only when there is no next state.
/// </summary>
/// <remarks>Immutable and safe to call from many threads.</remarks>
public sealed class StateMachineEngine(StateMachineSet set)
{
    /// <summary>The machines this engine runs.</summary>
    public StateMachineSet Set { get; } = set;

    /// <summary>Where a ticket of <paramref name="project"/> whose Jira status is <paramref name="status"/> (matched exactly) goes on <paramref name="eventName"/>.</summary>
    public StateTransitionOutcome NextFromStatus(string project, string status, string eventName)
    {
        if (!Set.TryGet(project, out var machine))
        {
            return UnknownProject(project);
        }

        if (!machine.StatesByStatus.TryGetValue(status, out var stateId))
        {
            var known = Describe.QuotedList(machine.StatesByStatus.Keys.Order(StringComparer.Ordinal));
            return new StateTransitionOutcome.Rejected(
                TransitionRejection.UnaliasedStatus,
                $"Jira status \"{status}\" of project \"{machine.Key}\" has no alias; known statuses: {known} (statuses match exactly; add it to aliasmapper \"{machine.Key}\" to handle it)");
        }

        return Next(machine, stateId, eventName);
    }

    /// <summary>Where a ticket of <paramref name="project"/> in state <paramref name="stateId"/> goes on <paramref name="eventName"/>.</summary>
    public StateTransitionOutcome NextFromState(string project, string stateId, string eventName)
    {
        if (!Set.TryGet(project, out var machine))
        {
            return UnknownProject(project);
        }

        if (!machine.HasState(stateId))
        {
            return new StateTransitionOutcome.Rejected(
                TransitionRejection.UnknownState,
                $"state \"{stateId}\" is not a state of project \"{machine.Key}\"; known states: {Describe.List(machine.States)}");
        }

        return Next(machine, stateId, eventName);
    }

    private static StateTransitionOutcome Next(ProjectStateMachine machine, string stateId, string eventName)
    {
        if (!machine.TryGetTarget(stateId, eventName, out var target))
        {
            var status = machine.Aliases.TryGetValue(stateId, out var name) ? $" (Jira status \"{name}\")" : "";
            var events = machine.EventsOf(stateId);
            var defined = events.Count == 0 ? "it has no transitions" : $"events defined for it: {Describe.List(events)}";
            return new StateTransitionOutcome.Rejected(
                TransitionRejection.UndefinedEvent,
                $"state \"{stateId}\"{status} of project \"{machine.Key}\" has no transition for event \"{eventName}\"; {defined}");
        }

        return target.StateId is { } next
            ? new StateTransitionOutcome.Moved(stateId, next, machine.Aliases[next]) { FieldsJson = machine.FieldsOf(next) }
            : new StateTransitionOutcome.Ended(stateId);
    }

    private StateTransitionOutcome.Rejected UnknownProject(string project) =>
        new(
            TransitionRejection.UnknownProject,
            $"no state machine for project \"{project}\"; the file declares: {Describe.List(Set.ProjectKeys)}");
}
