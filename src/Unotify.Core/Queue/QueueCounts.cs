namespace Unotify.Core.Queue;

/// <summary>How many jobs a worker's queue holds in each state.</summary>
/// <param name="Due">Waiting to run (ready now or delayed for a retry).</param>
/// <param name="Leased">Being run.</param>
/// <param name="DeadLettered">In the dead letters.</param>
public sealed record QueueCounts(long Due, long Leased, long DeadLettered);
