namespace Unotify.Core.Limits;

/// <summary>What recording an attempt's answer did to the worker's circuit.</summary>
public enum CircuitChangeKind
{
    /// <summary>The circuit is closed and stays so.</summary>
    None,

    /// <summary>This answer opened the circuit (failures in a row reached the threshold).</summary>
    Opened,

    /// <summary>The probe failed: the circuit is open again, with a longer cool-down.</summary>
    Reopened,

    /// <summary>The circuit was open already (the attempt was in flight when it opened).</summary>
    StillOpen,

    /// <summary>The service answered: the circuit was open and is closed now.</summary>
    Closed,
}

/// <summary>What recording an attempt's answer did to the worker's circuit.</summary>
/// <param name="Kind">The change.</param>
/// <param name="CoolDown">For <see cref="CircuitChangeKind.Opened"/> and <see cref="CircuitChangeKind.Reopened"/>: how long until the next probe.</param>
/// <param name="OpenFor">For <see cref="CircuitChangeKind.Closed"/>: how long it was open.</param>
/// <param name="Probes">For <see cref="CircuitChangeKind.Closed"/>: how many probes it took.</param>
public readonly record struct CircuitChange(CircuitChangeKind Kind, TimeSpan CoolDown = default, TimeSpan OpenFor = default, int Probes = 0)
{
    /// <summary>Whether the circuit is open (or probing) after the change, so the attempt is given back rather than counted.</summary>
    public bool LeavesOpen => Kind is CircuitChangeKind.Opened or CircuitChangeKind.Reopened or CircuitChangeKind.StillOpen;
}
