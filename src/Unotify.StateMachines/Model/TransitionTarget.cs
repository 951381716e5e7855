namespace Unotify.StateMachines;

/// <summary>Where a transition leads: another state of the machine, or <c>&lt;end&gt;</c>.</summary>
public sealed record TransitionTarget
{
    /// <summary>The token that names the end of a machine in a <c>transition</c> attribute.</summary>
    public const string EndToken = "<end>";

    private TransitionTarget(string? stateId) => StateId = stateId;

    /// <summary>The end of the machine: nothing more to do.</summary>
    public static TransitionTarget End { get; } = new((string?)null);

    /// <summary>The state the transition leads to, or <see langword="null"/> for <see cref="End"/>.</summary>
    public string? StateId { get; }

    /// <summary>Whether this is <see cref="End"/>.</summary>
    public bool IsEnd => StateId is null;

    /// <summary>A transition to <paramref name="stateId"/>.</summary>
    public static TransitionTarget ToState(string stateId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateId);
        return new TransitionTarget(stateId);
    }

    /// <inheritdoc />
    public override string ToString() => StateId ?? EndToken;
}
