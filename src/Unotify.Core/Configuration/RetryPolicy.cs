namespace Unotify.Core.Configuration;

/// <summary>A worker's <c>retry:</c> section: how often and how patiently a job is tried.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included; the job is dead-lettered after the last.</param>
/// <param name="BaseDelay">The delay before the second attempt; it doubles for each further attempt, with jitter.</param>
/// <param name="MaxDelay">The longest delay between two attempts.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>The policy of a worker with no <c>retry:</c>: 5 attempts, 2 s doubling up to 5 min.</summary>
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));
}
