namespace Unotify.Core.Queue;

/// <summary>A worker's queue settings (<c>concurrency:</c> and <c>retry:</c> in <c>workers.yaml</c>).</summary>
public sealed record QueueOptions
{
    /// <summary>How many jobs one consumer runs at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The most partitions a worker's queue may have.</summary>
    public const int MaxPartitions = 64;

    /// <summary>
    /// How many partitions the worker's queue is spread over (1–<see cref="MaxPartitions"/>, default 1). Each has its own
    /// hash tag (<c>{w:worker}</c> for the first, <c>{w:worker:N}</c> for the others), so a Redis Cluster spreads them
    /// over its nodes; a delivery goes to the partition its key hashes to, and consumers take from every partition in
    /// turn.
    /// </summary>
    public int Partitions { get; init; } = 1;

    /// <summary>How many attempts a job gets before it goes to the dead letters, or <see langword="null"/> for no limit by count.</summary>
    public int? MaxAttempts { get; init; } = 5;

    /// <summary>
    /// How long after its first failed attempt a job keeps being retried before it goes to the dead letters, or
    /// <see langword="null"/> for no limit by time.
    /// </summary>
    public TimeSpan? GiveUpAfter { get; init; }

    /// <summary>How long a fetched job stays leased without a renewal; renewed every third of it while the job runs.</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry's upper bound; each further attempt doubles it (full jitter picks uniformly below).</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest retry delay.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest an idle consumer waits before looking for due jobs when no wake-up message arrives.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>On shutdown, how long in-flight jobs may run before they are cancelled and released.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Concurrency is < 1 or > 1000)
        {
            throw new ArgumentException($"Concurrency is {Concurrency}; it must be between 1 and 1000.", nameof(Concurrency));
        }

        if (Partitions is < 1 or > MaxPartitions)
        {
            throw new ArgumentException($"Partitions is {Partitions}; it must be between 1 and {MaxPartitions}.", nameof(Partitions));
        }

        if (MaxAttempts is < 1 or > 10_000)
        {
            throw new ArgumentException($"MaxAttempts is {MaxAttempts}; it must be between 1 and 10000.", nameof(MaxAttempts));
        }

        if (MaxAttempts is null && GiveUpAfter is null)
        {
            throw new ArgumentException("Neither MaxAttempts nor GiveUpAfter is set; a job that keeps failing would be retried forever.", nameof(GiveUpAfter));
        }

        if (GiveUpAfter is { } giveUpAfter)
        {
            RequirePositive(giveUpAfter, nameof(GiveUpAfter));
        }

        RequirePositive(LeaseTime, nameof(LeaseTime));
        RequirePositive(RetryBase, nameof(RetryBase));
        RequirePositive(MaxPollInterval, nameof(MaxPollInterval));
        RequirePositive(ShutdownTimeout, nameof(ShutdownTimeout));
        if (RetryMax < RetryBase)
        {
            throw new ArgumentException($"RetryMax ({RetryMax}) must not be shorter than RetryBase ({RetryBase}).", nameof(RetryMax));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} is {value}; it must be longer than zero.", name);
        }
    }
}
