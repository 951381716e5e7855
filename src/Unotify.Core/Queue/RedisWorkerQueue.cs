using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Core.Tracing;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// One worker's reliable queue (Hangfire-style lease, at-least-once): a fetched job is leased, not removed, and leaves
/// Redis only on ack (Done) or dead-letter (Fail / attempts used up). A job whose lease ends comes back.
/// </summary>
/// <remarks>
/// <para>
/// Every write to a worker's jobs goes through this class, each as one of <see cref="QueueScripts"/>: routing a
/// delivery in (<see cref="AddRoute"/>, batched by the router), fetch, renew, ack, retry, release, dead-letter, and
/// the dead-letter tools' replay and purge.
/// </para>
/// <para>
/// A worker with <see cref="QueueOptions.Partitions"/> above 1 has that many sets of these keys, each under a hash tag
/// of its own (<see cref="KeySpace.Worker(string, int)"/>), so a Redis Cluster spreads one worker's queue over its
/// nodes. A delivery always goes to the partition its key hashes to (<see cref="QueuePartition"/>): its
/// de-duplication mark and its job share that slot, and every script still touches one slot. A fetch takes from the
/// partitions in turn, starting one further each time; a leased job is settled in the partition it came from; the
/// counts, replays and purges read every partition that may hold jobs (<see cref="WorkerPartitions"/>).
/// </para>
/// </remarks>
public sealed class RedisWorkerQueue : IWorkerQueue
{
    // 32 K characters are at most 192 KB stored (6 bytes for a JSON-escaped control character): within the 256 KB
    // RedisStore.MaxJobBytes leaves for errors.
    private const int MaxErrorLength = 32 * 1024;

    // A staged job's script follows its SET at once on the same connection; the expiry only clears one whose script
    // never ran (the process died in between).
    private static readonly TimeSpan StagedLifetime = TimeSpan.FromMinutes(10);
    private readonly RedisStore _store;
    private readonly WorkerPartitions _partitions;

    /// <summary>Creates the queue of <paramref name="worker"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="worker">The worker's name (letters, digits, '_', '-', '.').</param>
    /// <param name="options">The worker's settings, or the defaults.</param>
    public RedisWorkerQueue(RedisStore store, string worker, QueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        StoreArguments.Name(worker, nameof(worker));
        Options = options ?? new QueueOptions();
        Options.Validate();
        _store = store;
        Worker = worker;
        _partitions = new WorkerPartitions(store, worker, Options.Partitions);
    }

    /// <summary>The worker's name.</summary>
    public string Worker { get; }

    /// <summary>The worker's settings.</summary>
    public QueueOptions Options { get; }

    /// <inheritdoc />
    public TimeProvider Time => _store.Time;

    internal RedisStore Store => _store;

    /// <summary>The keys of the first partition: the worker's own (the only ones without <c>partitions:</c>).</summary>
    internal WorkerKeys Keys => _partitions.First;

    /// <summary>The keys of partition <paramref name="partition"/>.</summary>
    internal WorkerKeys KeysOf(int partition) => _partitions.KeysOf(partition);

    /// <summary>
    /// The workers that follow this one (<c>after:</c>), each of which gets a follow-up job when this worker's job for an
    /// event it takes settles; set by the router once all workers are built (again by each reload's router, for a worker
    /// the reload keeps running).
    /// </summary>
    internal IReadOnlyList<Follower> Followers
    {
        get => _partitions.Followers;
        set => _partitions.Followers = value;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A stored job that cannot be read (truncated, corrupted, written by something else) is not returned: it is moved to
    /// the worker's dead letters at once with its stored bytes unchanged and listed in <see cref="FetchResult.Unreadable"/>.
    /// </remarks>
    public async Task<FetchResult> FetchAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, 1000);
        var partitions = await _partitions.ToFetchAsync(cancellationToken).ConfigureAwait(false);
        if (partitions == 1)
        {
            return await FetchAsync(0, maxCount, cancellationToken).ConfigureAwait(false);
        }

        var start = _partitions.NextStart(partitions);
        var jobs = new List<LeasedJob>(maxCount);
        var unreadable = new List<UnreadableJob>();
        var dropped = new List<string>();
        DateTimeOffset? nextDueAt = null;
        StoreUnavailableException? unavailable = null;
        var answered = 0;
        for (var i = 0; i < partitions && jobs.Count < maxCount; i++)
        {
            FetchResult fetched;
            try
            {
                fetched = await FetchAsync((start + i) % partitions, maxCount - jobs.Count, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException exception)
            {
                // One node of a cluster down holds back only its partitions: the jobs leased from the others are
                // returned (dropping them would leave them leased until their leases end). Thrown when none answered.
                unavailable = exception;
                continue;
            }

            answered++;
            jobs.AddRange(fetched.Jobs);
            unreadable.AddRange(fetched.Unreadable);
            dropped.AddRange(fetched.DroppedFollowUps);
            if (fetched.NextDueAt is { } due && (nextDueAt is null || due < nextDueAt))
            {
                nextDueAt = due;
            }
        }

        if (answered == 0)
        {
            throw unavailable!;
        }

        return new FetchResult(jobs, nextDueAt) { Unreadable = unreadable, DroppedFollowUps = dropped };
    }

    /// <summary>Leases up to <paramref name="maxCount"/> due jobs of one partition.</summary>
    private async Task<FetchResult> FetchAsync(int partition, int maxCount, CancellationToken cancellationToken)
    {
        var keys = KeysOf(partition);
        var now = _store.NowMilliseconds;
        var reply = await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(
                _store.ScriptText(QueueScripts.Fetch),
                [keys.Due, keys.Leased, keys.Tokens, keys.Attempts, keys.Outbox, .. keys.DueOverflowSets.Select(set => (RedisKey)set)],
                [now, maxCount, (long)Options.LeaseTime.TotalMilliseconds, Guid.NewGuid().ToString("N"), keys.JobPrefix, QueueScripts.Staged, keys.DeadJobPrefix, keys.PartsPrefix, keys.AttemptPrefix]),
            $"fetch jobs of worker {Worker}",
            cancellationToken).ConfigureAwait(false);
        var items = (RedisResult[])reply!;
        var next = double.Parse((string)items[0]!, System.Globalization.CultureInfo.InvariantCulture);
        var waitingFollowUps = (long)items[1];
        var storedJobs = await StoredJobsAsync(items, keys).ConfigureAwait(false);
        var jobs = new List<LeasedJob>(storedJobs.Length);
        List<(string Id, string Token, byte[] Stored, string Error)>? unreadable = null;
        for (var i = 2; i + 3 < items.Length; i += 4)
        {
            var id = (string)items[i]!;
            var token = (string)items[i + 1]!;
            if (storedJobs[(i - 2) / 4] is not { } stored)
            {
                // Gone between the fetch and the read: only a later holder of its lease could have settled it, after
                // this one's lease ran out. There is nothing left to run.
                continue;
            }

            try
            {
                // A payload in parts (or a file) is read job by job, a few parts at a time: never all of a batch's at once.
                var job = JobJson.HoldsPayload(stored)
                    ? JobJson.Deserialize(stored)
                    : await PayloadParts.ReadJobAsync(
                        _store, stored, keys.PartPrefix(id), $"read the payload parts of job {id} of worker {Worker}", CancellationToken.None).ConfigureAwait(false);
                jobs.Add(new LeasedJob(job with { Attempt = (int)(long)items[i + 2] }, token) { Partition = partition });
            }
            catch (InvalidDataException exception)
            {
                // One corrupt job must not hold back the rest of its batch, nor come back after its lease to fail the next one.
                (unreadable ??= []).Add((id, token, stored, exception.Message));
            }
        }

        var nextDueAt = next < 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds((long)next);
        return new FetchResult(jobs, nextDueAt)
        {
            Unreadable = unreadable is null ? [] : await DeadLetterUnreadableAsync(unreadable, keys).ConfigureAwait(false),

            // Follow-ups a settle wrote but did not relay (its process died, or the store failed in between).
            DroppedFollowUps = waitingFollowUps > 0 ? await _partitions.OutboxOf(partition).RelayWaitingAsync().ConfigureAwait(false) : [],
        };
    }

    /// <summary>
    /// The stored form of each job a fetch leased, in its order: as the fetch returned it, or, for a job it returned only
    /// the size of (larger than <see cref="QueueScripts.Staged"/>), read with one plain <c>MGET</c> (<see langword="null"/>
    /// when it is gone). Not cancellable, for the reason given at <see cref="DeadLetterUnreadableAsync"/>.
    /// </summary>
    private async Task<byte[]?[]> StoredJobsAsync(RedisResult[] items, WorkerKeys keys)
    {
        var stored = new byte[]?[(items.Length - 2) / 4];
        List<int>? large = null;
        for (var n = 0; n < stored.Length; n++)
        {
            var value = items[2 + (n * 4) + 3];
            if (value.Resp2Type == ResultType.Integer)
            {
                (large ??= []).Add(n);
            }
            else
            {
                stored[n] = (byte[])value!;
            }
        }

        if (large is not null)
        {
            var values = await StoreCall.RunAsync(
                _store,
                () => _store.Database.StringGetAsync(large.Select(n => (RedisKey)keys.Job((string)items[2 + (n * 4)]!)).ToArray()),
                $"read {large.Count} large job(s) of worker {Worker}",
                CancellationToken.None).ConfigureAwait(false);
            for (var k = 0; k < large.Count; k++)
            {
                stored[large[k]] = (byte[]?)values[k];
            }
        }

        return stored;
    }

    /// <inheritdoc />
    public Task<bool> RenewAsync(LeasedJob leased, CancellationToken cancellationToken)
    {
        var keys = KeysOf(leased);
        return RunLeaseScriptAsync(
            QueueScripts.Renew,
            [keys.Leased, keys.Tokens],
            [leased.Job.Id, leased.Token, _store.NowMilliseconds + (long)Options.LeaseTime.TotalMilliseconds],
            "renew the lease of",
            leased,
            cancellationToken);
    }

    /// <summary>Acknowledges a finished job that reported no items (see <see cref="AckAsync(LeasedJob, ProcessingResult.DoneResult, CancellationToken)"/>).</summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease was still held.</returns>
    public Task<bool> AckAsync(LeasedJob leased, CancellationToken cancellationToken) =>
        AckAsync(leased, ProcessingResult.Done("done"), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The follow-up jobs of the workers that follow this one and take the event are written in the same script, then
    /// relayed to their queues; what the relay does not finish, the worker's next fetch does.
    /// </remarks>
    public async Task<bool> AckAsync(LeasedJob leased, ProcessingResult.DoneResult done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(done);
        var keys = KeysOf(leased);
        var outbox = _partitions.OutboxOf(leased.Partition);
        var followUps = outbox.For(leased.Job, new FollowedOutcome(Worker, DeadLettered: false, Capped(done.Summary)!, done.Items));
        var acknowledged = await RunLeaseScriptAsync(
            QueueScripts.Ack,
            [keys.Leased, keys.Tokens, keys.Job(leased.Job.Id), keys.Attempt(leased.Job.Id), SeenKey(leased.Job, keys), keys.Outbox],
            [leased.Job.Id, leased.Token, keys.PartsPrefix, keys.StagedPrefix, .. FollowUpOutbox.Arguments(followUps)],
            "acknowledge",
            leased,
            cancellationToken,
            followUps: followUps).ConfigureAwait(false);
        if (acknowledged)
        {
            await outbox.RelayJustWrittenAsync(followUps).ConfigureAwait(false);
        }

        return acknowledged;
    }

    /// <inheritdoc />
    public Task<bool> RetryAsync(LeasedJob leased, string error, TimeSpan delay, AttemptCount attempt, CancellationToken cancellationToken) =>
        RescheduleAsync(leased, error, Math.Max(0, (long)delay.TotalMilliseconds), attempt, "retry", cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(LeasedJob leased, CancellationToken cancellationToken) =>
        RescheduleAsync(leased, leased.Job.LastError, 0, AttemptCount.GivenBack, "release", cancellationToken);

    /// <summary>Dead-letters a job that reported no items (see <see cref="DeadLetterAsync(LeasedJob, string, IReadOnlyList{ItemOutcome}, CancellationToken)"/>).</summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="error">Why it failed for good.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease was still held.</returns>
    public Task<bool> DeadLetterAsync(LeasedJob leased, string error, CancellationToken cancellationToken) =>
        DeadLetterAsync(leased, error, [], cancellationToken);

    /// <inheritdoc />
    /// <remarks>The follow-up jobs are written and relayed as with <see cref="AckAsync(LeasedJob, ProcessingResult.DoneResult, CancellationToken)"/>.</remarks>
    public async Task<bool> DeadLetterAsync(LeasedJob leased, string error, IReadOnlyList<ItemOutcome> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(items);
        var json = Rewritten(leased.Job with { LastError = Capped(error) });
        var keys = KeysOf(leased);
        var outbox = _partitions.OutboxOf(leased.Partition);
        var followUps = outbox.For(leased.Job, new FollowedOutcome(Worker, DeadLettered: true, Capped(error)!, items));
        var deadLettered = await RunLeaseScriptAsync(
            QueueScripts.DeadLetter,
            DeadLetterKeys(leased.Job.Id, leased.Token, keys),
            [leased.Job.Id, leased.Token, RedisValue.Null, _store.NowMilliseconds, keys.PartsPrefix, keys.StagedPrefix, .. FollowUpOutbox.Arguments(followUps)],
            "dead-letter",
            leased,
            cancellationToken,
            json,
            followUps).ConfigureAwait(false);
        if (deadLettered)
        {
            QueueMetrics.JobDeadLettered(Worker);
            await outbox.RelayJustWrittenAsync(followUps).ConfigureAwait(false);
        }

        return deadLettered;
    }

    /// <summary>How many jobs are due, leased and dead-lettered, over every partition.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    public async Task<QueueCounts> CountAsync(CancellationToken cancellationToken)
    {
        return QueueCounts.Sum(await CountByPartitionAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// How many jobs are due, leased and dead-lettered in each partition that may hold jobs, first partition first (one
    /// entry for a worker without partitions).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts of each partition.</returns>
    public async Task<IReadOnlyList<QueueCounts>> CountByPartitionAsync(CancellationToken cancellationToken)
    {
        var partitions = await PartitionsInUseAsync(cancellationToken).ConfigureAwait(false);
        var lengths = await StoreCall.RunAsync(
            _store,
            () =>
            {
                var batch = _store.Database.CreateBatch();
                var reads = new List<Task<long>>(partitions * PerPartitionCounts);
                for (var partition = 0; partition < partitions; partition++)
                {
                    var keys = KeysOf(partition);
                    reads.AddRange(keys.DueSets.Select(set => batch.SortedSetLengthAsync(set)));
                    reads.Add(batch.SortedSetLengthAsync(keys.Leased));
                    reads.AddRange(keys.DeadSets.Select(set => batch.SortedSetLengthAsync(set)));
                }

                batch.Execute();
                return Task.WhenAll(reads);
            },
            $"count jobs of worker {Worker}",
            cancellationToken).ConfigureAwait(false);
        var counts = new QueueCounts[partitions];
        for (var partition = 0; partition < partitions; partition++)
        {
            var first = partition * PerPartitionCounts;
            var dead = first + DueSetsPerPartition + 1;
            counts[partition] = new QueueCounts(
                lengths.Skip(first).Take(DueSetsPerPartition).Sum(), lengths[dead - 1], lengths.Skip(dead).Take(WorkerKeys.DeadSetCount + 1).Sum());
        }

        return counts;
    }

    // What one partition's count reads: every due set, leased, and every dead set.
    private const int DueSetsPerPartition = 1 + WorkerKeys.DueOverflowSetCount;
    private const int PerPartitionCounts = DueSetsPerPartition + 1 + 1 + WorkerKeys.DeadSetCount;

    /// <summary>How many partitions may hold this worker's jobs (see <see cref="WorkerPartitions"/>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of partitions to read.</returns>
    /// <exception cref="InvalidDataException">The store's record is not a partition count.</exception>
    internal Task<int> PartitionsInUseAsync(CancellationToken cancellationToken) => _partitions.InUseAsync(cancellationToken);

    /// <summary>
    /// Records, once per queue, that this worker's deliveries are routed over <see cref="QueueOptions.Partitions"/>
    /// partitions, before the first of them is routed (nothing without partitions).
    /// </summary>
    /// <returns>A task that completes once the record is written.</returns>
    internal Task RecordPartitionsAsync() => _partitions.RecordAsync();

    /// <inheritdoc />
    public Task SubscribeAsync(Action wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        return StoreCall.RunAsync(
            _store,
            () => _store.Connection.GetSubscriber().SubscribeAsync(WakeChannel, (_, _) => wake()),
            $"subscribe to wake-ups of worker {Worker}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(CancellationToken cancellationToken) =>
        StoreCall.RunAsync(
            _store,
            () => _store.Connection.GetSubscriber().UnsubscribeAsync(WakeChannel),
            $"unsubscribe from wake-ups of worker {Worker}",
            cancellationToken);

    /// <summary>
    /// Queues again the dead letter <paramref name="jobId"/>, or when it is empty up to <paramref name="batchSize"/>
    /// of the oldest, each with a fresh attempt count, and wakes the consumers; waits until that is durable.
    /// </summary>
    /// <returns>How many were queued.</returns>
    /// <remarks>
    /// A job id is looked for in its own dead set (<see cref="WorkerKeys.DeadSetOf"/>) of each partition in turn; without
    /// one, a batch is taken from every dead set of every partition (so up to <paramref name="batchSize"/> per set, each
    /// set's oldest first): a caller that repeats while it gets <paramref name="batchSize"/> or more empties them all.
    /// </remarks>
    internal async Task<int> ReplayAsync(string jobId, int batchSize, CancellationToken cancellationToken)
    {
        var partitions = await PartitionsInUseAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            var keys = KeysOf(partition);
            // One job is in its own set or, dead-lettered by an earlier release, in the one set; all: every set in turn.
            foreach (var set in jobId.Length > 0 ? [keys.DeadSetOf(jobId)] : keys.DeadSets)
            {
                total += (int)(long)await StoreCall.WriteThenPublishAsync(
                    _store,
                    batch => batch.ScriptEvaluateAsync(
                        _store.ScriptText(QueueScripts.Replay),
                        [set, keys.Dead, keys.Due, .. keys.DueOverflowSets.Select(due => (RedisKey)due)],
                        [_store.NowMilliseconds, jobId, batchSize, keys.JobPrefix, keys.DeadJobPrefix, keys.AttemptPrefix]),
                    WakeChannel,
                    "replay",
                    $"replay dead letters of worker {Worker}",
                    cancellationToken).ConfigureAwait(false);
            }

            if (jobId.Length > 0 && total > 0)
            {
                break;
            }
        }

        await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>
    /// Queues <paramref name="webhookEvent"/> again although the worker has seen it (a replay of a delivery), waits until
    /// that is durable and wakes the consumers. The processor's idempotency marks still hold, so nothing done for the
    /// delivery is done twice.
    /// </summary>
    /// <returns>The new job's id.</returns>
    internal async Task<string> RequeueAsync(WebhookEvent webhookEvent, TimeSpan window, CancellationToken cancellationToken)
    {
        await RecordPartitionsAsync().ConfigureAwait(false);
        var prepared = Prepare(webhookEvent, await _store.KeepPayloadFileAsync(webhookEvent.Payload, cancellationToken).ConfigureAwait(false));
        var jobId = prepared.Id;
        var keys = KeysOf(webhookEvent);
        await StoreCall.RunAsync(
            _store,
            () => AfterParts(
                WriteParts(_store.Database, prepared, keys),
                EvaluateWithStored(
                    _store.Database,
                    QueueScripts.Requeue,
                    [keys.Seen(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId), keys.Job(jobId), keys.Due, keys.DueOverflowOf(jobId), keys.Staged(jobId)],
                    [(long)window.TotalMilliseconds, jobId, RedisValue.Null, _store.NowMilliseconds, prepared.Parts.Count, .. PartPrefixes(prepared, keys)],
                    prepared.Stored.Memory)),
            $"queue delivery {webhookEvent.DeliveryId} again for worker {Worker}",
            cancellationToken).ConfigureAwait(false);
        prepared.Return();
        await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
        QueueMetrics.JobQueued(Worker);
        await WakeConsumersAsync(jobId).ConfigureAwait(false);
        return jobId;
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> dead letters, oldest first.</summary>
    /// <returns>How many were deleted.</returns>
    /// <remarks>Up to <paramref name="batchSize"/> from every dead set of every partition, as with <see cref="ReplayAsync"/>.</remarks>
    internal async Task<int> PurgeAsync(int batchSize, CancellationToken cancellationToken)
    {
        var partitions = await PartitionsInUseAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            var keys = KeysOf(partition);
            foreach (var set in keys.DeadSets)
            {
                total += (int)(long)await StoreCall.RunAsync(
                    _store,
                    () => _store.Database.ScriptEvaluateAsync(_store.ScriptText(QueueScripts.Purge), [set], [keys.DeadJobPrefix, batchSize, keys.PartsPrefix]),
                    $"purge dead letters of worker {Worker}",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>
    /// A new job for <paramref name="webhookEvent"/>, prepared (<see cref="Prepare(Job)"/>), naming <paramref name="payloadFile"/>
    /// when its payload is kept in that file (<see cref="RedisStore.KeepPayloadFileAsync"/>).
    /// </summary>
    /// <exception cref="StoredJobTooLargeException">The job's stored form is larger than <see cref="RedisStore.MaxJobBytes"/>.</exception>
    internal PreparedJob Prepare(WebhookEvent webhookEvent, string? payloadFile) =>
        Prepare(new Job(Guid.CreateVersion7().ToString("N"), Worker, webhookEvent, 1, _store.Time.GetUtcNow(), null) { TraceParent = JobTracing.Current, PayloadFile = payloadFile });

    /// <summary>
    /// <paramref name="job"/> in its stored form, with its payload's parts when the store keeps large payloads in parts
    /// (<see cref="RedisStore.StoresPayloadsInParts"/>), refused when the store cannot keep its stored form in one value.
    /// Give its buffers back once Redis has answered the commands that carried them (see <see cref="StoredJob"/>).
    /// </summary>
    /// <exception cref="StoredJobTooLargeException">The job's stored form is larger than <see cref="RedisStore.MaxJobBytes"/>.</exception>
    internal PreparedJob Prepare(Job job)
    {
        var prepared = PreparedJob.Of(job, _store.StoresPayloadsInParts);
        if (_store.MaxJobBytes is { } max && prepared.Stored.Length > max)
        {
            prepared.Return();
            throw new StoredJobTooLargeException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"Delivery {job.Event.DeliveryId} would be stored as a job of {prepared.Stored.Length / (1024.0 * 1024):F1} MB; the embedded store takes jobs up to {max / (1024.0 * 1024):F2} MB besides their payload (the texts the provider read from it are that large). Point UNOTIFY_REDIS at a Redis server to accept them."));
        }

        return prepared;
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> (or runs on the database) the step that queues a prepared job for a delivery unless this worker has it
    /// already (<see cref="QueueScripts.Route"/>), in the delivery's partition, after the writes of its payload's parts;
    /// read its answer with <see cref="ReadRoute"/>. Await <see cref="RecordPartitionsAsync"/> before the first.
    /// </summary>
    internal Task<RedisResult> AddRoute(IDatabaseAsync batch, WebhookEvent webhookEvent, PreparedJob job, TimeSpan window, long now)
    {
        var keys = KeysOf(webhookEvent);
        return AfterParts(
            WriteParts(batch, job, keys),
            EvaluateWithStored(
                batch,
                QueueScripts.Route,
                [keys.Seen(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId), keys.Job(job.Id), keys.Due, keys.DueOverflowOf(job.Id), keys.Staged(job.Id)],
                [(long)window.TotalMilliseconds, job.Id, RedisValue.Null, now, keys.JobPrefix, keys.DeadJobPrefix, job.Parts.Count, .. PartPrefixes(job, keys)],
                job.Stored.Memory));
    }

    /// <summary>What the route step answered.</summary>
    internal static RouteAnswer ReadRoute(RedisResult result) => (long)result switch
    {
        0 => RouteAnswer.Duplicate,
        1 => RouteAnswer.QueuedBehindOthers,
        2 => RouteAnswer.QueuedFirst,
        var other => throw new InvalidDataException($"The route script answered {other}; expected 0, 1 or 2."),
    };

    /// <summary>Tells idle consumers that <paramref name="jobId"/> is due, without waiting for Redis to answer.</summary>
    internal async Task WakeConsumersAsync(string jobId)
    {
        try
        {
            await StoreCall.RunAsync(
                _store,
                () => _store.Database.PublishAsync(WakeChannel, jobId, CommandFlags.FireAndForget),
                $"wake the consumers of worker {Worker}",
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Not a failure of the write it follows: the job is stored and due, and the consumers' poll (at most
            // QueueOptions.MaxPollInterval apart) finds it without the wake-up. Failing here would only make the
            // caller retry something already done.
        }
    }

    private RedisChannel WakeChannel => RedisChannel.Literal(_partitions.First.WakeChannel);

    /// <summary>An error kept with a job, cut to a size that can never push a stored job past the store's limit.</summary>
    private static string? Capped(string? error) =>
        error is { Length: > MaxErrorLength } ? string.Concat(error.AsSpan(0, MaxErrorLength), " … (truncated)") : error;

    /// <summary>
    /// Dead-letters jobs a fetch leased but could not read, keeping their stored bytes as they were so they can be
    /// inspected (and replayed or purged) with the dead-letter tools.
    /// </summary>
    /// <remarks>
    /// Not cancellable: the batch is already leased, and handing its readable jobs back matters more than a late
    /// cancellation. If Redis fails here, the whole batch comes back when its leases end, as after a lost fetch reply.
    /// </remarks>
    private async Task<IReadOnlyList<UnreadableJob>> DeadLetterUnreadableAsync(List<(string Id, string Token, byte[] Stored, string Error)> unreadable, WorkerKeys keys)
    {
        var deadAt = _store.NowMilliseconds;
        var deadLettered = await StoreCall.RunAsync(
            _store,
            () =>
            {
                var batch = _store.Database.CreateBatch();
                var scripts = unreadable.Select(item => EvaluateWithStored(
                    batch,
                    QueueScripts.DeadLetter,
                    DeadLetterKeys(item.Id, item.Token, keys),
                    [item.Id, item.Token, RedisValue.Null, deadAt, keys.PartsPrefix, keys.StagedPrefix],
                    item.Stored)).ToArray();
                batch.Execute();
                return Task.WhenAll(scripts);
            },
            $"dead-letter {unreadable.Count} unreadable job(s) of worker {Worker}",
            CancellationToken.None).ConfigureAwait(false);
        var reported = new List<UnreadableJob>(unreadable.Count);
        for (var i = 0; i < unreadable.Count; i++)
        {
            // 0 only if the lease was taken over in between (it outlived the lease): the new holder dead-letters it then.
            if ((long)deadLettered[i] == 1)
            {
                QueueMetrics.JobDeadLettered(Worker);
                reported.Add(new UnreadableJob(unreadable[i].Id, unreadable[i].Error));
            }
        }

        return reported;
    }

    /// <summary>
    /// A leased job's stored form rewritten (its error or attempt changed) in the layout it was fetched in: its parts or
    /// its file, if it has any, stay where they are, and a job stored whole (by the embedded store, or by a version
    /// without parts) stays whole.
    /// </summary>
    private byte[] Rewritten(Job job) =>
        JobJson.Serialize(job, inline: job.StoredForm.IsEmpty ? !_store.StoresPayloadsInParts : JobJson.HoldsPayload(job.StoredForm.Span));

    private static RedisKey[] DeadLetterKeys(string jobId, string token, WorkerKeys keys) =>
        [keys.Leased, keys.Tokens, keys.Job(jobId), keys.Attempt(jobId), keys.DeadSetOf(jobId), keys.DeadJob(jobId), keys.Outbox, keys.Staged($"{jobId}.{token}")];

    private static RedisKey SeenKey(Job job, WorkerKeys keys) => keys.Seen(job.Event.Provider, job.Event.RepoId, job.Event.DeliveryId);

    /// <summary>The keys of the partition <paramref name="webhookEvent"/> is routed to.</summary>
    private WorkerKeys KeysOf(WebhookEvent webhookEvent) => _partitions.KeysOf(webhookEvent);

    /// <summary>The keys of the partition <paramref name="leased"/> was fetched from.</summary>
    private WorkerKeys KeysOf(LeasedJob leased)
    {
        ArgumentNullException.ThrowIfNull(leased);
        return leased.Partition is >= 0 and < QueueOptions.MaxPartitions
            ? KeysOf(leased.Partition)
            : throw new ArgumentException($"Job {leased.Job.Id} names partition {leased.Partition}, which no queue has.", nameof(leased));
    }

    private async Task<bool> RescheduleAsync(LeasedJob leased, string? error, long delayMilliseconds, AttemptCount attempt, string operation, CancellationToken cancellationToken)
    {
        var json = Rewritten(leased.Job with { LastError = Capped(error) });
        var keys = KeysOf(leased);
        var rescheduled = await RunLeaseScriptAsync(
            QueueScripts.Reschedule,
            [keys.Leased, keys.Tokens, keys.Job(leased.Job.Id), keys.Due, keys.Attempt(leased.Job.Id), keys.DueOverflowOf(leased.Job.Id), keys.Staged($"{leased.Job.Id}.{leased.Token}")],
            [leased.Job.Id, leased.Token, RedisValue.Null, _store.NowMilliseconds + delayMilliseconds, attempt == AttemptCount.Counted ? "counted" : "given-back"],
            operation,
            leased,
            cancellationToken,
            json).ConfigureAwait(false);
        if (rescheduled)
        {
            // A due job should not wait for the poll; a delayed one is found by the consumers' next-due timer.
            await WakeConsumersAsync(leased.Job.Id).ConfigureAwait(false);
        }

        return rescheduled;
    }

    /// <summary>
    /// Runs <paramref name="script"/>, whose third argument is a stored job and whose last key its staging key: a job up
    /// to <see cref="QueueScripts.Staged"/> bytes goes in the argument, a larger one is first written to the staging key
    /// with a plain <c>SET</c> on the same connection (the argument then is empty). Fills <paramref name="arguments"/>[2].
    /// </summary>
    private Task<RedisResult> EvaluateWithStored(IDatabaseAsync target, string script, RedisKey[] keys, RedisValue[] arguments, ReadOnlyMemory<byte> stored)
    {
        if (stored.Length <= QueueScripts.Staged)
        {
            arguments[2] = stored;
            return target.ScriptEvaluateAsync(_store.ScriptText(script), keys, arguments);
        }

        arguments[2] = RedisValue.EmptyString;
        var staged = target.StringSetAsync(keys[^1], stored, StagedLifetime);
        var run = target.ScriptEvaluateAsync(_store.ScriptText(script), keys, arguments);
        return BothAsync(staged, run);

        static async Task<RedisResult> BothAsync(Task staged, Task<RedisResult> run)
        {
            await Task.WhenAll(staged, run).ConfigureAwait(false);
            return await run.ConfigureAwait(false);
        }
    }

    /// <summary>The staged and final key prefixes of <paramref name="job"/>'s parts, for a route or requeue script; unused (empty) when it has none.</summary>
    private static RedisValue[] PartPrefixes(PreparedJob job, WorkerKeys keys) =>
        job.Parts.Count == 0 ? NoPartPrefixes : [keys.StagedPartPrefix(job.Id), keys.PartPrefix(job.Id)];

    private static readonly RedisValue[] NoPartPrefixes = [RedisValue.EmptyString, RedisValue.EmptyString];

    /// <summary>
    /// Stages <paramref name="job"/>'s payload parts with an expiry (as a staged job: its script renames them into place),
    /// ahead of its script on the same connection.
    /// </summary>
    private static Task[] WriteParts(IDatabaseAsync target, PreparedJob job, WorkerKeys keys)
    {
        if (job.Parts.Count == 0)
        {
            return [];
        }

        var prefix = keys.StagedPartPrefix(job.Id);
        var writes = new Task[job.Parts.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = target.StringSetAsync(PayloadParts.Key(prefix, i + 1), job.Parts[i].Memory, StagedLifetime);
        }

        return writes;
    }

    /// <summary>Stages the parts of every follow-up in <paramref name="followUps"/> (none in the common case: no array then).</summary>
    private Task[] FollowUpPartWrites(IReadOnlyList<PreparedJob> followUps, WorkerKeys keys)
    {
        for (var i = 0; i < followUps.Count; i++)
        {
            if (followUps[i].Parts.Count > 0)
            {
                return [.. followUps.SelectMany(followUp => WriteParts(_store.Database, followUp, keys))];
            }
        }

        return [];
    }

    /// <summary>The script's answer, once the part writes before it have answered too (each failure observed).</summary>
    private static Task<RedisResult> AfterParts(Task[] parts, Task<RedisResult> run)
    {
        return parts.Length == 0 ? run : BothAsync(parts, run);

        static async Task<RedisResult> BothAsync(Task[] parts, Task<RedisResult> run)
        {
            await Task.WhenAll([.. parts, run]).ConfigureAwait(false);
            return await run.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a settle's <paramref name="script"/> (with <paramref name="stored"/> as in <see cref="EvaluateWithStored"/>
    /// when given), after the part writes of its <paramref name="followUps"/>, whose buffers go back once it answered.
    /// </summary>
    private async Task<bool> RunLeaseScriptAsync(
        string script,
        RedisKey[] keys,
        RedisValue[] arguments,
        string operation,
        LeasedJob leased,
        CancellationToken cancellationToken,
        byte[]? stored = null,
        IReadOnlyList<PreparedJob>? followUps = null)
    {
        ArgumentNullException.ThrowIfNull(leased);
        if (!string.Equals(leased.Job.Worker, Worker, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Job {leased.Job.Id} belongs to worker {leased.Job.Worker}, not {Worker}.", nameof(leased));
        }

        followUps ??= [];
        var result = await StoreCall.RunAsync(
            _store,
            () => AfterParts(
                FollowUpPartWrites(followUps, KeysOf(leased)),
                stored is null
                    ? _store.Database.ScriptEvaluateAsync(_store.ScriptText(script), keys, arguments)
                    : EvaluateWithStored(_store.Database, script, keys, arguments, stored)),
            $"{operation} job {leased.Job.Id} of worker {Worker}",
            cancellationToken).ConfigureAwait(false);
        foreach (var followUp in followUps)
        {
            followUp.Return();
        }

        return (long)result == 1;
    }
}
