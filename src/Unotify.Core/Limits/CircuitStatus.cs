namespace Unotify.Core.Limits;

/// <summary>A worker's circuit as stored, for <c>/readyz</c> and the CLI.</summary>
/// <param name="State"><c>closed</c>, <c>open</c> or <c>probing</c>.</param>
/// <param name="FailuresInARow">Outage answers in a row while closed (forgotten after a minute without one).</param>
/// <param name="OpenedAt">When it opened, while open.</param>
/// <param name="NextProbeAt">When the next probe may be tried (or the current probe's turn ends), while open.</param>
/// <param name="CoolDown">The current cool-down, while open.</param>
/// <param name="Probes">Probes tried since it opened.</param>
/// <param name="Reason">The last outage's reason, if any.</param>
public sealed record CircuitStatus(string State, int FailuresInARow, DateTimeOffset? OpenedAt, DateTimeOffset? NextProbeAt, TimeSpan? CoolDown, int Probes, string? Reason)
{
    /// <summary>A closed circuit with no failures.</summary>
    public static CircuitStatus Closed { get; } = new("closed", 0, null, null, null, 0, null);
}
