using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Routing;

/// <summary>
/// The hub on Redis: de-duplicates on (provider, repo id, delivery id) for 72 hours and queues one job per worker
/// whose filter matches.
/// </summary>
/// <remarks>
/// <para>
/// Why this is both atomic and Cluster-safe. A Lua script may only touch keys of one Cluster slot, and each worker's
/// keys share the hash tag <c>{w:worker}</c>, so one script cannot write several workers' queues. Instead, the
/// de-duplication record lives <em>per worker</em>, and each matching worker gets ONE script that atomically does
/// "if this worker has not seen the delivery: record it for 72 h, store the job, make it due". All workers' scripts
/// go out in one pipelined batch (one network round trip). A wake-up is PUBLISHed only for a job that finds nothing
/// else due: under a backlog the consumers are busy and fetch again as each slot frees, so one message per job would
/// only cost both sides CPU (measured in bench/README.md).
/// </para>
/// <para>
/// Each worker's step is all-or-nothing (QueueScripts.Route), so no worker ever has a delivery recorded without its job,
/// nor a job twice. If the batch fails halfway (Redis dies mid-pipeline), the caller gets an error and the sender
/// retries the delivery: workers that already have it answer "seen" and queue nothing, and the missing ones get their
/// job. The event is a duplicate only when every matching worker had already seen it. When no worker matches, the
/// delivery is recorded under a hub key in the same way, so a repeat is still reported as a duplicate.
/// </para>
/// </remarks>
public sealed class RedisEventRouter : IEventRouter
{
    /// <summary>How long a delivery id is remembered.</summary>
    public static readonly TimeSpan DeduplicationWindow = TimeSpan.FromHours(72);

    private readonly RedisStore _store;
    private readonly IReadOnlyList<(RouteTarget Target, RedisWorkerQueue Queue)> _targets;

    /// <summary>Creates the router for <paramref name="targets"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="targets">The workers and their filters.</param>
    public RedisEventRouter(RedisStore store, IEnumerable<RouteTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(targets);
        _store = store;
        _targets = targets.Select(target => (target, new RedisWorkerQueue(store, target.Worker))).ToList();
        var duplicate = _targets.GroupBy(pair => pair.Target.Worker, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Worker {duplicate.Key} is listed twice; worker names must be unique.", nameof(targets));
        }
    }

    /// <inheritdoc />
    public async Task<RouteOutcome> RouteAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        EventArguments.Validate(webhookEvent);
        var matching = new List<(RouteTarget Target, RedisWorkerQueue Queue)>(_targets.Count);
        foreach (var pair in _targets)
        {
            if (pair.Target.Filter.Matches(webhookEvent.Provider, webhookEvent.Kind))
            {
                matching.Add(pair);
            }
        }

        var window = (long)DeduplicationWindow.TotalMilliseconds;
        var now = _store.NowMilliseconds;
        if (matching.Count == 0)
        {
            var hubKey = _store.Keys.HubSeen(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId);
            var isNew = await StoreCall.RunAsync(
                _store,
                () => _store.Database.StringSetAsync(hubKey, now, DeduplicationWindow, When.NotExists),
                $"record delivery {webhookEvent.DeliveryId}",
                cancellationToken).ConfigureAwait(false);
            if (isNew)
            {
                await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
            }

            return new RouteOutcome(!isNew, []);
        }

        // The job's stored form is the same for every worker but its id and worker name, so each gets its own copy.
        var jobs = new (RedisWorkerQueue Queue, string Id, StoredJob Stored)[matching.Count];
        for (var i = 0; i < jobs.Length; i++)
        {
            var job = matching[i].Queue.NewJob(webhookEvent);
            jobs[i] = (matching[i].Queue, job.Id, matching[i].Queue.StoredForm(job));
        }

        var results = await StoreCall.RunAsync(
            _store,
            () => SendOneBatchAsync(webhookEvent, jobs, window, now),
            $"queue delivery {webhookEvent.DeliveryId}",
            cancellationToken).ConfigureAwait(false);

        // Redis answered every script, so every buffer was written; on any failure above (a job too large for the
        // store included) they are left to the GC (see StoredJob).
        foreach (var (_, _, stored) in jobs)
        {
            stored.Return();
        }

        // The caller answers 202 for what was queued: it must survive a crash of the store first.
        if (results.Any(result => result != 0))
        {
            await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
        }

        var queuedFor = new List<string>(matching.Count);
        for (var i = 0; i < matching.Count; i++)
        {
            if (results[i] == 2)
            {
                await jobs[i].Queue.WakeConsumersAsync(jobs[i].Id).ConfigureAwait(false);
            }

            if (results[i] >= 1)
            {
                queuedFor.Add(matching[i].Target.Worker);
                QueueMetrics.JobQueued(matching[i].Target.Worker);
            }
        }

        return new RouteOutcome(queuedFor.Count == 0, queuedFor);
    }

    /// <summary>Every worker's route script in one pipelined batch: one network round trip.</summary>
    private async Task<long[]> SendOneBatchAsync(
        WebhookEvent webhookEvent, (RedisWorkerQueue Queue, string Id, StoredJob Stored)[] jobs, long window, long now)
    {
        var batch = _store.Database.CreateBatch();
        var routed = new Task<RedisResult>[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
        {
            var keys = jobs[i].Queue.Keys;
            routed[i] = batch.ScriptEvaluateAsync(
                _store.ScriptText(QueueScripts.Route),
                [keys.Seen(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId), keys.Job(jobs[i].Id), keys.Due],
                [window, jobs[i].Id, jobs[i].Stored.Memory, now, keys.JobPrefix, keys.DeadJobPrefix]);
        }

        batch.Execute();

        // Awaiting them all observes every failure when the connection drops mid-batch.
        await Task.WhenAll(routed).ConfigureAwait(false);
        var results = new long[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
        {
            results[i] = (long)await routed[i].ConfigureAwait(false);
        }

        return results;
    }
}
