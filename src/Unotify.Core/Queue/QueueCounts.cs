namespace Unotify.Core.Queue;

/// <summary>How many jobs a worker's queue holds in each state.</summary>
/// <param name="Due">Waiting to run (ready now or delayed for a retry).</param>
/// <param name="Leased">Being run.</param>
/// <param name="DeadLettered">In the dead letters.</param>
public sealed record QueueCounts(long Due, long Leased, long DeadLettered)
{
    /// <summary>The counts of several partitions of one queue added up.</summary>
    /// <param name="partitions">Each partition's counts.</param>
    /// <returns>The queue's counts.</returns>
    public static QueueCounts Sum(IReadOnlyList<QueueCounts> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        return new QueueCounts(partitions.Sum(part => part.Due), partitions.Sum(part => part.Leased), partitions.Sum(part => part.DeadLettered));
    }
}
