namespace Unotify.Core.Configuration;

/// <summary>A worker's <c>rate:</c>: how many requests per second its replicas may make together, and the burst above it.</summary>
/// <param name="PerSecond">Requests per second in the long run (<c>rate: 10/s</c>, <c>600/m</c> or <c>36000/h</c>).</param>
/// <param name="Burst">How many requests may go at once after a quiet spell (the token bucket's size).</param>
public sealed record RateLimit(double PerSecond, int Burst)
{
    /// <summary>The burst when none is given: one second's worth of requests, at least 1.</summary>
    /// <param name="perSecond">The rate.</param>
    /// <returns>The burst.</returns>
    public static int DefaultBurst(double perSecond) => Math.Max(1, (int)Math.Ceiling(perSecond));
}
