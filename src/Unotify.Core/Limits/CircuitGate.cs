namespace Unotify.Core.Limits;

/// <summary>What a consumer may do now, by its worker's circuit.</summary>
public enum CircuitGateKind
{
    /// <summary>Closed: fetch as usual.</summary>
    Closed,

    /// <summary>Open: fetch nothing until <see cref="CircuitGate.Wait"/> has passed.</summary>
    Open,

    /// <summary>This consumer's turn to probe: fetch one job; its answer closes or reopens the circuit.</summary>
    Probe,
}

/// <summary>What a consumer may do now, by its worker's circuit.</summary>
/// <param name="Kind">Fetch, wait, or probe.</param>
/// <param name="Wait">For <see cref="CircuitGateKind.Open"/>: how long until the next probe may be tried.</param>
public readonly record struct CircuitGate(CircuitGateKind Kind, TimeSpan Wait = default)
{
    /// <summary>A closed circuit.</summary>
    public static CircuitGate Closed { get; } = new(CircuitGateKind.Closed);
}
