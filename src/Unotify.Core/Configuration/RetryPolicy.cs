namespace Unotify.Core.Configuration;

/// <summary>A worker's <c>retry:</c> section: how often and how patiently a job is tried.</summary>
/// <param name="MaxAttempts">
/// Attempts in all, the first included, or <see langword="null"/> for no limit by count; the job is dead-lettered after
/// the last.
/// </param>
/// <param name="BaseDelay">The delay before the second attempt; it doubles for each further attempt, with jitter.</param>
/// <param name="MaxDelay">The longest delay between two attempts.</param>
/// <param name="GiveUpAfter">
/// How long a job keeps being retried after its first failed attempt before it is dead-lettered, or
/// <see langword="null"/> for no limit by time. At least one of <paramref name="MaxAttempts"/> and this is set.
/// </param>
public sealed record RetryPolicy(int? MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan? GiveUpAfter)
{
    /// <summary>
    /// The policy of a worker with no <c>retry:</c>: no limit by count, 2 s doubling up to 10 min, dead-lettered 24 hours
    /// after the first failure — long enough for a maintenance window of several hours.
    /// </summary>
    public static RetryPolicy Default { get; } = new(null, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(24));
}
