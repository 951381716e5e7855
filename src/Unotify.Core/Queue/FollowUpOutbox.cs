using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// The follow-ups of one worker's settles: when its job for a delivery is done or dead-lettered, each worker that
/// follows it (<c>after:</c>) and takes the event gets a job of its own carrying the outcome.
/// </summary>
/// <remarks>
/// <para>
/// Each worker's keys have a hash tag of their own, so on a Redis Cluster the settle's script cannot write a follower's
/// queue. The settle's script writes the follow-up jobs into this worker's outbox instead (same slot, same script: the
/// settle and its follow-ups are never separated by a crash), and the relay then moves each entry to its follower's
/// queue with the follower's route step and deletes it only after that step answered and is durable. A relay that is
/// cut short, or repeated by two replicas, is harmless: the route step finds the follower's mark for the delivery
/// (naming the follow-up's job, or settled) and queues nothing twice.
/// </para>
/// <para>
/// The settle relays what it just wrote at once; entries left behind (the process died, the store failed in between)
/// are relayed by the worker's next fetch, which learns from its own script that the outbox is not empty: no polling
/// of its own.
/// </para>
/// </remarks>
internal sealed class FollowUpOutbox(RedisStore store, string worker, WorkerKeys keys, TimeSpan markWindow)
{
    /// <summary>How many waiting entries one fetch relays at most; the rest go with the next fetches.</summary>
    private const int RelayBatch = 100;

    /// <summary>The workers that follow this one; set by the router when all workers are built, and again by the router of each reload.</summary>
    public IReadOnlyList<Follower> Followers { get; set; } = [];

    /// <summary>
    /// A follow-up job for each follower that takes <paramref name="job"/>'s event, carrying <paramref name="outcome"/>,
    /// prepared for the settle's script: one whose payload is in parts has them written under this worker's keys, named
    /// after the follow-up, until it is relayed. Give their buffers back once the settle's script has answered.
    /// </summary>
    public IReadOnlyList<PreparedJob> For(Job job, FollowedOutcome outcome)
    {
        var followUps = new List<PreparedJob>();
        foreach (var follower in Followers)
        {
            if (follower.Takes(job.Event))
            {
                var followUp = new Job(Guid.CreateVersion7().ToString("N"), follower.Queue.Worker, job.Event, 1, store.Time.GetUtcNow(), null)
                {
                    TraceParent = job.TraceParent,
                    Followed = outcome,

                    // The same event: its payload's file, if it has one, is named by the follow-up as well.
                    PayloadFile = job.PayloadFile,
                };
                followUps.Add(PreparedJob.Of(followUp, store.StoresPayloadsInParts));
            }
        }

        return followUps;
    }

    /// <summary>The settle script's arguments for <paramref name="followUps"/>: id and stored job, pair by pair.</summary>
    public static IEnumerable<RedisValue> Arguments(IReadOnlyList<PreparedJob> followUps) =>
        followUps.SelectMany(followUp => new RedisValue[] { followUp.Id, followUp.Stored.Memory });

    /// <summary>
    /// Relays the follow-ups a settle has just written. Not cancellable, and an unreachable store is not the settle's
    /// failure: the entries stay in the outbox and the worker's next fetch relays them.
    /// </summary>
    public async Task RelayJustWrittenAsync(IReadOnlyList<PreparedJob> followUps)
    {
        if (followUps.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var followUp in followUps)
            {
                await RelayAsync(followUp.Job, followUp.Parts.Count).ConfigureAwait(false);
            }
        }
        catch (StoreUnavailableException)
        {
            // Left in the outbox (see the remarks): StoreOutage has reported the store, and the next fetch relays them.
        }
    }

    /// <summary>
    /// Relays up to <see cref="RelayBatch"/> entries left in the outbox. Returns the entries it had to drop, each saying
    /// why: one that cannot be read, or one for a worker that no longer follows this one.
    /// </summary>
    public async Task<IReadOnlyList<string>> RelayWaitingAsync()
    {
        var dropped = new List<string>();
        try
        {
            var waiting = await StoreCall.RunAsync(
                store,
                async () =>
                {
                    var entries = new List<HashEntry>();
                    await foreach (var entry in store.Database.HashScanAsync(keys.Outbox, pageSize: RelayBatch).ConfigureAwait(false))
                    {
                        entries.Add(entry);
                        if (entries.Count == RelayBatch)
                        {
                            break;
                        }
                    }

                    return entries;
                },
                $"read the follow-ups of worker {worker}",
                CancellationToken.None).ConfigureAwait(false);
            foreach (var entry in waiting)
            {
                var id = (string)entry.Name!;
                var stored = (byte[])entry.Value!;
                Job job;
                int parts;
                try
                {
                    parts = JobJson.PartsOf(stored);
                    job = await ReadAsync(id, stored).ConfigureAwait(false);
                }
                catch (InvalidDataException exception)
                {
                    dropped.Add($"follow-up {id} of worker {worker} cannot be read ({exception.Message}); it was deleted");
                    await DeleteAsync(id, PartsOrNone(stored)).ConfigureAwait(false);
                    continue;
                }

                if (!await RelayAsync(job, parts).ConfigureAwait(false))
                {
                    dropped.Add($"follow-up {id} of worker {worker} for delivery {job.Event.DeliveryId} was for worker {job.Worker}, which no longer follows {worker}; it was deleted");
                }
            }
        }
        catch (StoreUnavailableException)
        {
            // What is left stays in the outbox for the next fetch; StoreOutage has reported the store.
        }

        return dropped;
    }

    /// <summary>Queues one follow-up for its follower, then deletes its entry; <see langword="false"/> when no follower of that name is configured.</summary>
    private async Task<bool> RelayAsync(Job job, int parts)
    {
        var follower = Followers.FirstOrDefault(candidate => string.Equals(candidate.Queue.Worker, job.Worker, StringComparison.Ordinal));
        if (follower is not null)
        {
            var queue = follower.Queue;
            await queue.RecordPartitionsAsync().ConfigureAwait(false);

            // Stored again for the follower's queue: a large payload goes into parts there.
            var prepared = PreparedJob.Of(job, store.StoresPayloadsInParts);
            var answer = RedisWorkerQueue.ReadRoute(await StoreCall.RunAsync(
                store,
                () => queue.AddRoute(store.Database, job.Event, prepared, markWindow, store.NowMilliseconds),
                $"queue the follow-up of delivery {job.Event.DeliveryId} for worker {queue.Worker}",
                CancellationToken.None).ConfigureAwait(false));
            prepared.Return();

            // The entry goes only once the follower's job can no longer be lost to a crash of the store.
            await store.WaitUntilDurableAsync(CancellationToken.None).ConfigureAwait(false);
            if (answer != RouteAnswer.Duplicate)
            {
                QueueMetrics.JobQueued(queue.Worker);
            }

            if (answer == RouteAnswer.QueuedFirst)
            {
                await queue.WakeConsumersAsync(job.Id).ConfigureAwait(false);
            }
        }

        await DeleteAsync(job.Id, parts).ConfigureAwait(false);
        return follower is not null;
    }

    /// <summary>A waiting entry's job, with its payload's parts read when it has them.</summary>
    private Task<Job> ReadAsync(string id, byte[] stored) =>
        PayloadParts.ReadJobAsync(store, stored, keys.PartPrefix(id), $"read the payload parts of follow-up {id} of worker {worker}", CancellationToken.None);

    /// <summary>
    /// Deletes an entry, then its <paramref name="parts"/> payload parts: a crash in between leaves parts nothing names,
    /// never an entry without them.
    /// </summary>
    private Task DeleteAsync(string id, int parts) =>
        StoreCall.RunAsync(
            store,
            async () =>
            {
                await store.Database.HashDeleteAsync(keys.Outbox, id).ConfigureAwait(false);
                if (parts > 0)
                {
                    await store.Database.KeyDeleteAsync(PartKeys(id, parts)).ConfigureAwait(false);
                }
            },
            $"delete follow-up {id} of worker {worker}",
            CancellationToken.None);

    /// <summary>How many parts an entry says it has, 0 when it cannot be read.</summary>
    private static int PartsOrNone(byte[] stored)
    {
        try
        {
            return JobJson.PartsOf(stored);
        }
        catch (InvalidDataException)
        {
            return 0; // an entry that is not a job names no parts; it is reported as unreadable by the caller
        }
    }

    private RedisKey[] PartKeys(string id, int count) => [.. PayloadParts.Keys(keys.PartPrefix(id), count)];
}
