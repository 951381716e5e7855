using System.Collections.Frozen;

namespace Unotify.StateMachines;

/// <summary>
/// The validated state machine of one Jira project: its aliases (state id ↔ Jira status name), its initial state and
/// its transitions, at most one per (state, event).
/// </summary>
/// <remarks>Immutable and safe to share between threads. Only <see cref="StateMachineLoader"/> creates instances.</remarks>
public sealed class ProjectStateMachine
{
    private static readonly FrozenDictionary<string, TransitionTarget> NoTransitions =
        FrozenDictionary<string, TransitionTarget>.Empty;

    private readonly FrozenDictionary<string, FrozenDictionary<string, TransitionTarget>> _transitionsByState;
    private readonly FrozenDictionary<string, string> _fields;

    internal ProjectStateMachine(
        string key,
        IReadOnlyList<KeyValuePair<string, string>> aliases,
        string initial,
        IReadOnlyList<Transition> transitions,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        _fields = (fields ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal);
        Key = key;
        Initial = initial;
        Aliases = aliases.ToFrozenDictionary(StringComparer.Ordinal);
        StatesByStatus = aliases.ToFrozenDictionary(alias => alias.Value, alias => alias.Key, StringComparer.Ordinal);
        Transitions = transitions.ToArray();
        States = transitions.Select(transition => transition.FromStateId).Distinct(StringComparer.Ordinal).ToArray();
        _transitionsByState = transitions
            .GroupBy(transition => transition.FromStateId, StringComparer.Ordinal)
            .ToFrozenDictionary(
                group => group.Key,
                group => group.ToFrozenDictionary(t => t.EventName, t => t.Target, StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>The project key in lower case, the provisioner's label (<c>soc</c>).</summary>
    public string Key { get; }

    /// <summary>The state new tickets start in (<c>initial</c>).</summary>
    public string Initial { get; }

    /// <summary>State id → Jira status name, from the aliasmapper (<c>to_do</c> → <c>To Do</c>).</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>Jira status name → state id: the reverse of <see cref="Aliases"/>, matched exactly.</summary>
    public IReadOnlyDictionary<string, string> StatesByStatus { get; }

    /// <summary>The declared states (those with <c>state</c> blocks), in the order the file first names them.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>Every transition, in file order.</summary>
    public IReadOnlyList<Transition> Transitions { get; }

    /// <summary>Whether <paramref name="stateId"/> is a declared or aliased state of this machine.</summary>
    public bool HasState(string stateId) =>
        _transitionsByState.ContainsKey(stateId) || Aliases.ContainsKey(stateId);

    /// <summary>The target of <paramref name="stateId"/>'s transition for <paramref name="eventName"/>, if it has one.</summary>
    public bool TryGetTarget(string stateId, string eventName, [NotNullWhen(true)] out TransitionTarget? target) =>
        _transitionsByState.GetValueOrDefault(stateId, NoTransitions).TryGetValue(eventName, out target);

    /// <summary>
    /// The fields Jira needs for entering <paramref name="stateId"/> (<c>state "done" { fields = … }</c>) as a JSON
    /// object (<c>{"resolution":{"name":"Done"}}</c>), or <see langword="null"/> when the file gives none.
    /// </summary>
    public string? FieldsOf(string stateId) => _fields.GetValueOrDefault(stateId);

    /// <summary>The events <paramref name="stateId"/> has a transition for, in file order.</summary>
    public IReadOnlyList<string> EventsOf(string stateId) =>
        Transitions.Where(t => t.FromStateId == stateId).Select(t => t.EventName).ToArray();
}
