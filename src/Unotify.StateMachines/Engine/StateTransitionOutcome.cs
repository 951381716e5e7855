namespace Unotify.StateMachines;

/// <summary>The answer of <see cref="StateMachineEngine"/>: the next state, the end of the machine, or why neither.</summary>
public abstract record StateTransitionOutcome
{
    private protected StateTransitionOutcome()
    {
    }

    /// <summary>The ticket moves from <paramref name="FromStateId"/> to <paramref name="StateId"/>, whose Jira status is <paramref name="StatusName"/>.</summary>
    public sealed record Moved(string FromStateId, string StateId, string StatusName) : StateTransitionOutcome
    {
        /// <summary>The fields Jira needs for entering <see cref="StateId"/> as a JSON object, or <see langword="null"/> for none.</summary>
        public string? FieldsJson { get; init; }
    }

    /// <summary>The transition of <paramref name="FromStateId"/> for the event is <c>&lt;end&gt;</c>: nothing to do.</summary>
    public sealed record Ended(string FromStateId) : StateTransitionOutcome;

    /// <summary>There is no next state; <paramref name="Message"/> names the project, status or state and event, and what is known.</summary>
    public sealed record Rejected(TransitionRejection Reason, string Message) : StateTransitionOutcome;
}
