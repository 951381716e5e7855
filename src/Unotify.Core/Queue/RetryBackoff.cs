namespace Unotify.Core.Queue;

/// <summary>Exponential backoff with full jitter: a delay drawn uniformly from [0, min(max, base·2^(attempt−1))).</summary>
/// <remarks>Full jitter spreads retries of jobs that failed together (a Jira outage) instead of retrying them in waves.</remarks>
public static class RetryBackoff
{
    /// <summary>The delay before the attempt after <paramref name="attempt"/>.</summary>
    /// <param name="attempt">The attempt that just failed, starting at 1.</param>
    /// <param name="retryBase">The upper bound after the first attempt.</param>
    /// <param name="retryMax">The largest upper bound.</param>
    /// <returns>The delay.</returns>
    public static TimeSpan Delay(int attempt, TimeSpan retryBase, TimeSpan retryMax) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Ceiling(attempt, retryBase, retryMax).TotalMilliseconds);

    /// <summary>The upper bound of <see cref="Delay"/> for <paramref name="attempt"/>.</summary>
    /// <param name="attempt">The attempt that just failed, starting at 1.</param>
    /// <param name="retryBase">The upper bound after the first attempt.</param>
    /// <param name="retryMax">The largest upper bound.</param>
    /// <returns>The bound.</returns>
    public static TimeSpan Ceiling(int attempt, TimeSpan retryBase, TimeSpan retryMax)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 40);
        var ceiling = retryBase.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(ceiling, retryMax.TotalMilliseconds));
    }
}
