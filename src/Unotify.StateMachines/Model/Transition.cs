namespace Unotify.StateMachines;

/// <summary>One <c>state "FROM" "EVENT" { transition = "TARGET" }</c> block of a validated machine.</summary>
public sealed record Transition(string FromStateId, string EventName, TransitionTarget Target);
