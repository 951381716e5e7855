namespace Unotify.Core.Configuration;

/// <summary>
/// A worker's <c>circuit:</c> section: when its attempts keep failing because the service it talks to is down, the
/// worker stops fetching and probes with one job after a cool-down that doubles while the outage lasts.
/// </summary>
/// <param name="Failures">
/// How many attempts in a row (across the worker's replicas) must end unavailable or throttled to open the circuit;
/// 0 turns the breaker off (<c>circuit: off</c>).
/// </param>
/// <param name="CoolDown">How long the first opening lasts before one probe job is tried.</param>
/// <param name="MaxCoolDown">The longest cool-down; each failed probe doubles it up to this.</param>
public sealed record CircuitPolicy(int Failures, TimeSpan CoolDown, TimeSpan MaxCoolDown)
{
    /// <summary>The breaker of a worker with no <c>circuit:</c>: opens after 5 failures in a row, cool-down 5 s doubling to 5 min.</summary>
    public static CircuitPolicy Default { get; } = new(5, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    /// <summary>No breaker: every attempt is made and counted.</summary>
    public static CircuitPolicy Off { get; } = new(0, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    /// <summary>Whether the breaker is on.</summary>
    public bool Enabled => Failures > 0;
}
