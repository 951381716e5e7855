using StackExchange.Redis;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Sdk;

namespace Unotify.Core.Routing;

/// <summary>
/// The hub on Redis: de-duplicates on (provider, repo id, delivery id) for the store's
/// <see cref="RedisStore.DeduplicationWindow"/> (72 hours by default) and queues one job per worker whose filter matches.
/// </summary>
/// <remarks>
/// <para>
/// Why this is both atomic and Cluster-safe. A Lua script may only touch keys of one Cluster slot, and each worker's
/// keys share the hash tag <c>{w:worker}</c>, so one script cannot write several workers' queues. Instead, the
/// de-duplication record lives <em>per worker</em>, and each matching worker gets ONE script that atomically does
/// "if this worker has not seen the delivery: record it for the window, store the job, make it due". All workers' scripts
/// go out in one pipelined batch (one network round trip). The steps themselves are the queue's
/// (<see cref="RedisWorkerQueue"/> writes every job); the router only picks the workers and sends the batch. A wake-up
/// is PUBLISHed only for a job that finds nothing else due: under a backlog the consumers are busy and fetch again as
/// each slot frees, so one message per job would only cost both sides CPU.
/// </para>
/// <para>
/// Each worker's step leaves no worker with a delivery counted as seen without its job, nor a job twice, even when a
/// crash cuts the step short (see QueueScripts.Route). If the batch fails halfway (Redis dies mid-pipeline), the caller gets an error and the sender
/// retries the delivery: workers that already have it answer "seen" and queue nothing, and the missing ones get their
/// job. The event is a duplicate only when every matching worker had already seen it. When no worker matches, the
/// delivery is recorded under a hub key in the same way, so a repeat is still reported as a duplicate.
/// </para>
/// <para>
/// A worker that follows another (<c>after:</c>) is not queued here when the one it follows takes the event too: its
/// job is queued by that worker's settle (see <see cref="FollowUpOutbox"/>). When the followed worker does not take
/// the event, the follower is queued here like any worker, without an outcome to carry.
/// </para>
/// </remarks>
public sealed class RedisEventRouter : IEventRouter
{
    private readonly RedisStore _store;
    private readonly List<Worker> _workers;

    /// <summary>Creates the router for <paramref name="workers"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="workers">The workers, each with its filter and queue; names must be unique.</param>
    public RedisEventRouter(RedisStore store, IEnumerable<Worker> workers)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(workers);
        _store = store;
        _workers = workers.ToList();
        var duplicate = _workers.GroupBy(worker => worker.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Worker {duplicate.Key} is listed twice; worker names must be unique.", nameof(workers));
        }

        var unknown = _workers.FirstOrDefault(worker => worker.Definition.After is { } after && !_workers.Exists(other => other.Name == after));
        if (unknown is not null)
        {
            throw new ArgumentException($"Worker {unknown.Name} follows {unknown.Definition.After}, which is not one of the workers.", nameof(workers));
        }

        // Each followed worker's queue learns its followers: its settles queue their follow-up jobs.
        foreach (var followed in _workers)
        {
            followed.Queue.Followers = _workers
                .Where(worker => string.Equals(worker.Definition.After, followed.Name, StringComparison.Ordinal))
                .Select(worker => new Follower(worker.Queue, worker.Takes))
                .ToList();
        }
    }

    /// <inheritdoc />
    public Task<RouteOutcome> RouteAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) =>
        RouteAsync(webhookEvent, aboutWorker: null, cancellationToken);

    /// <summary>
    /// Routes an alert about <paramref name="aboutWorker"/> (an <c>unotify</c> event, see <see cref="AlertEvents"/>) to
    /// every other worker that takes it: a worker never gets alerts about itself.
    /// </summary>
    /// <param name="alert">The alert event.</param>
    /// <param name="aboutWorker">The worker the alert is about.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was a duplicate (already announced), and which workers got a job.</returns>
    public Task<RouteOutcome> RouteAlertAsync(WebhookEvent alert, string aboutWorker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aboutWorker);
        return RouteAsync(alert, aboutWorker, cancellationToken);
    }

    /// <summary>
    /// Queues a delivery again for every worker that takes it under today's configuration, although they have seen it
    /// (a replay from the history). The processors' idempotency marks still hold, so nothing already done for the
    /// delivery is done again.
    /// </summary>
    /// <param name="webhookEvent">The delivery's event, as kept by the history.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job queued for each worker.</returns>
    /// <exception cref="StoreUnavailableException">The store could not be reached; some workers may have been queued.</exception>
    public async Task<IReadOnlyList<ReplayedJob>> ReplayAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        EventArguments.Validate(webhookEvent);
        var queued = new List<ReplayedJob>();
        var taking = _workers.Where(worker => worker.Takes(webhookEvent)).ToList();
        foreach (var worker in taking.Where(worker => !WaitsFor(worker, taking)))
        {
            var jobId = await worker.Queue.RequeueAsync(webhookEvent, _store.DeduplicationWindow, cancellationToken).ConfigureAwait(false);
            queued.Add(new ReplayedJob(worker.Name, jobId));
        }

        return queued;
    }

    private async Task<RouteOutcome> RouteAsync(WebhookEvent webhookEvent, string? aboutWorker, CancellationToken cancellationToken)
    {
        EventArguments.Validate(webhookEvent);
        var taking = new List<Worker>(_workers.Count);
        foreach (var worker in _workers)
        {
            if (worker.Takes(webhookEvent) && !string.Equals(worker.Name, aboutWorker, StringComparison.Ordinal))
            {
                taking.Add(worker);
            }
        }

        // A worker that follows one of these is queued when that one's job settles, not now.
        var matching = new List<RedisWorkerQueue>(taking.Count);
        foreach (var worker in taking)
        {
            if (!WaitsFor(worker, taking))
            {
                matching.Add(worker.Queue);
            }
        }

        var now = _store.NowMilliseconds;
        if (matching.Count == 0)
        {
            var hubKey = _store.Keys.HubSeen(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId);
            var isNew = await StoreCall.RunAsync(
                _store,
                () => _store.Database.StringSetAsync(hubKey, now, _store.DeduplicationWindow, When.NotExists),
                $"record delivery {webhookEvent.DeliveryId}",
                cancellationToken).ConfigureAwait(false);
            if (isNew)
            {
                await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
            }

            return new RouteOutcome(!isNew, []);
        }

        // A partitioned worker's record of its partitions is written before its first job goes to one of them.
        foreach (var queue in matching)
        {
            await queue.RecordPartitionsAsync().ConfigureAwait(false);
        }

        // A large payload on the embedded store is written to its file (once for every worker) before a job names it.
        var payloadFile = await _store.KeepPayloadFileAsync(webhookEvent.Payload, cancellationToken).ConfigureAwait(false);

        // The job's stored form is the same for every worker but its id and worker name, so each gets its own copy.
        var jobs = new PreparedJob[matching.Count];
        for (var i = 0; i < jobs.Length; i++)
        {
            jobs[i] = matching[i].Prepare(webhookEvent, payloadFile);
        }

        var answers = await StoreCall.RunAsync(
            _store,
            () => SendOneBatchAsync(webhookEvent, matching, jobs, now),
            $"queue delivery {webhookEvent.DeliveryId}",
            cancellationToken).ConfigureAwait(false);

        // Redis answered every step, so every buffer was written; on any failure above (a job too large for the
        // store included) they are left to the GC (see StoredJob).
        foreach (var job in jobs)
        {
            job.Return();
        }

        // The caller answers 202 for what was queued: it must survive a crash of the store first.
        if (answers.Any(answer => answer != RouteAnswer.Duplicate))
        {
            await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
        }

        var queuedFor = new List<string>(matching.Count);
        for (var i = 0; i < matching.Count; i++)
        {
            if (answers[i] == RouteAnswer.QueuedFirst)
            {
                await matching[i].WakeConsumersAsync(jobs[i].Id).ConfigureAwait(false);
            }

            if (answers[i] != RouteAnswer.Duplicate)
            {
                queuedFor.Add(matching[i].Worker);
                QueueMetrics.JobQueued(matching[i].Worker);
            }
        }

        return new RouteOutcome(queuedFor.Count == 0, queuedFor);
    }

    /// <summary>Whether <paramref name="worker"/> follows (<c>after:</c>) one of <paramref name="taking"/>, the workers that take the event.</summary>
    private static bool WaitsFor(Worker worker, List<Worker> taking) =>
        worker.Definition.After is { } followed && taking.Exists(other => string.Equals(other.Name, followed, StringComparison.Ordinal));

    /// <summary>Every matching worker's route step in one pipelined batch: one network round trip.</summary>
    private async Task<RouteAnswer[]> SendOneBatchAsync(WebhookEvent webhookEvent, List<RedisWorkerQueue> queues, PreparedJob[] jobs, long now)
    {
        var batch = _store.Database.CreateBatch();
        var routed = new Task<RedisResult>[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
        {
            routed[i] = queues[i].AddRoute(batch, webhookEvent, jobs[i], _store.DeduplicationWindow, now);
        }

        batch.Execute();

        // Awaiting them all observes every failure when the connection drops mid-batch.
        await Task.WhenAll(routed).ConfigureAwait(false);
        var answers = new RouteAnswer[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
        {
            answers[i] = RedisWorkerQueue.ReadRoute(await routed[i].ConfigureAwait(false));
        }

        return answers;
    }
}
