using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.History;

/// <summary>
/// The delivery history in the store: per delivery a hash (what the door did) and a list of attempts, a list of all
/// deliveries by arrival, an index by delivery id and one by ticket key. Every key expires after
/// <see cref="HistoryOptions.Retention"/>; a delivery that leaves the list (older than the retention, or beyond
/// <see cref="HistoryOptions.MaxEntries"/>) is deleted with its attempts, kept event and place in the id index, so the
/// history holds no more deliveries than its list whatever the rate, and the embedded store's disk gets them back
/// (Garnet keeps an expired value on disk until it is deleted).
/// </summary>
/// <remarks>
/// Writing is best effort and never holds up a delivery or a job: the <c>Record…</c> methods start the write and
/// return at once; a write that fails is counted (<c>unotify_history_writes_total{result="failed"}</c>) and logged at
/// Debug, and the delivery goes on as if nothing happened.
/// </remarks>
public sealed partial class RedisDeliveryHistory : IAttemptHistory
{
    private const int MaxReasonLength = 2000;
    private readonly RedisStore _store;
    private readonly HistoryOptions _options;
    private readonly HistoryIndexLayout _layout;
    private readonly ILogger _logger;

    /// <summary>Creates the history in <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">Retention and size.</param>
    /// <param name="logger">Where lost writes are noted, or none.</param>
    public RedisDeliveryHistory(RedisStore store, HistoryOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _layout = HistoryIndexLayout.For(options.MaxEntries);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The retention and size.</summary>
    public HistoryOptions Options => _options;

    /// <summary>
    /// Records what the door did with a delivery to a known hook. Queued and duplicate answers are authoritative; a
    /// rejection or an ignored delivery is recorded only when the delivery has no record yet, so a forged request with a
    /// real delivery id cannot overwrite what happened to the real one.
    /// </summary>
    /// <returns>The write, already started; it never fails (a failure is counted).</returns>
    public Task RecordDoorAsync(string provider, string repoId, string deliveryId, string? kind, DateTimeOffset at, string outcome, string? reason, IReadOnlyList<string> workers) =>
        !_options.Enabled ? Task.CompletedTask : ObserveAsync(() =>
        {
            var key = KeySpace.DeliveryKey(provider, repoId, deliveryId);
            var ms = at.ToUnixTimeMilliseconds();
            var retention = (long)_options.Retention.TotalMilliseconds;
            var mode = outcome is DoorOutcome.Queued or DoorOutcome.Duplicate ? outcome : "other";
            var batch = _store.Database.CreateBatch();
            var record = batch.ScriptEvaluateAsync(
                _store.ScriptText(HistoryScripts.Door),
                [_store.Keys.HistoryRecord(key)],
                [mode, provider, repoId, deliveryId, ms, kind ?? string.Empty, Capped(reason) ?? string.Empty, string.Join(',', workers), retention, outcome]);
            var index = batch.ScriptEvaluateAsync(
                _store.ScriptText(HistoryScripts.Index),
                [_layout.KeyOf(_store.Keys, key), _store.Keys.HistoryById(deliveryId)],
                [key, ms, retention, _layout.EntriesPerBucket, HistoryScripts.MostDroppedAtOnce]);
            batch.Execute();
            return ForgetDroppedAsync(record, index);
        });

    /// <summary>Waits for a delivery's listing, then deletes what belonged to the deliveries it dropped from the list.</summary>
    private async Task ForgetDroppedAsync(Task record, Task<RedisResult> index)
    {
        await Task.WhenAll(record, index).ConfigureAwait(false);
        var dropped = (RedisValue[])(await index.ConfigureAwait(false))!;
        if (dropped.Length == 0)
        {
            return;
        }

        // A delivery's own keys share its hash tag (one DEL); the id index is in {hist}. A kept event in parts leaves
        // its parts to expire: only Redis keeps parts, and Redis reclaims what expires.
        var batch = _store.Database.CreateBatch();
        var deletes = new List<Task>(dropped.Length * 2);
        foreach (var key in dropped.Select(value => value.ToString()))
        {
            deletes.Add(batch.KeyDeleteAsync([_store.Keys.HistoryRecord(key), _store.Keys.HistoryAttempts(key), _store.Keys.HistoryPayload(key)]));
            if (KeySpace.ParseDeliveryKey(key) is { } parsed)
            {
                deletes.Add(batch.SortedSetRemoveAsync(_store.Keys.HistoryById(parsed.DeliveryId), key));
            }
        }

        batch.Execute();
        await Task.WhenAll(deletes).ConfigureAwait(false);
    }

    /// <summary>Records one attempt of a worker at a delivery's job, and indexes the tickets its items name.</summary>
    /// <param name="job">The job.</param>
    /// <param name="attempt">What the attempt did.</param>
    /// <returns>The write, already started; it never fails (a failure is counted).</returns>
    public Task RecordAttemptAsync(Job job, AttemptRecord attempt) =>
        !_options.Enabled ? Task.CompletedTask : ObserveAsync(() =>
        {
            var key = KeySpace.DeliveryKey(job.Event.Provider, job.Event.RepoId, job.Event.DeliveryId);
            var attempts = (RedisKey)_store.Keys.HistoryAttempts(key);
            var ms = attempt.EndedAt.ToUnixTimeMilliseconds();
            var retention = _options.Retention;
            var json = JsonSerializer.SerializeToUtf8Bytes(attempt with { Reason = Capped(attempt.Reason) }, StoreJsonContext.Default.AttemptRecord);
            var batch = _store.Database.CreateBatch();
            var writes = new List<Task>
            {
                batch.ListRightPushAsync(attempts, json),
                batch.KeyExpireAsync(attempts, retention),
            };
            if (AttemptResults.EndsJob(attempt.Result) && _options.PayloadRetention > TimeSpan.Zero)
            {
                // The job is gone (or dead, where it is kept anyway): keep the event a while longer for a replay. The
                // first worker to finish writes it; the event is the same for every worker. Only the event is ever read
                // back, so the job's stored form as fetched will do, whatever attempt and error it carries.
                // A payload over JobJson.PartBytes is kept in parts, as in the queue (the stored form then says so), and
                // they are written first: a kept form is never there without them. Every worker writes the same parts.
                // A form that holds its payload is kept compressed (KeptEventForm): it stays a day.
                var stored = job.StoredForm.IsEmpty
                    ? JobJson.Serialize(job with { Attempt = 1, LastError = null, FailingSince = null }, inline: !_store.StoresPayloadsInParts)
                    : job.StoredForm;
                var payloadKey = _store.Keys.HistoryPayload(key);
                if (JobJson.PartsOf(stored.Span) > 0)
                {
                    var parts = JobJson.Parts(job.Event.Payload).ToArray();
                    writes.AddRange(PayloadParts.Keys(KeySpace.HistoryPayloadPartPrefix(payloadKey), parts.Length)
                        .Select((part, n) => (Task)batch.StringSetAsync(part, parts[n], _options.PayloadRetention)));
                }

                writes.Add(batch.StringSetAsync(payloadKey, KeptEventForm.Pack(stored), _options.PayloadRetention, When.NotExists));
            }
            foreach (var ticket in attempt.Items.Select(item => item.Subject).Where(IsTicketKey).Select(subject => subject.ToUpperInvariant()).Distinct(StringComparer.Ordinal))
            {
                var index = (RedisKey)_store.Keys.HistoryTicket(ticket);
                writes.Add(batch.SortedSetAddAsync(index, key, ms));
                writes.Add(batch.SortedSetRemoveRangeByScoreAsync(index, double.NegativeInfinity, ms - retention.TotalMilliseconds));
                writes.Add(batch.KeyExpireAsync(index, retention));
            }

            batch.Execute();
            return Task.WhenAll(writes);
        });

    /// <summary>
    /// Records that an admin queued a delivery again for <paramref name="job"/>'s worker: an entry with result
    /// <c>replayed</c> (attempt 0, no items), read back before the attempts the new job makes even when one of them was
    /// written first.
    /// </summary>
    /// <param name="webhookEvent">The delivery's event.</param>
    /// <param name="job">The job the replay queued.</param>
    /// <param name="at">When.</param>
    /// <returns>The write, already started; it never fails (a failure is counted).</returns>
    public Task RecordReplayAsync(WebhookEvent webhookEvent, Routing.ReplayedJob job, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(job);
        return !_options.Enabled ? Task.CompletedTask : ObserveAsync(() =>
        {
            var attempts = (RedisKey)_store.Keys.HistoryAttempts(KeySpace.DeliveryKey(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId));
            var record = new AttemptRecord(job.Worker, job.JobId, 0, at, at, AttemptResults.Replayed, "queued again by an admin (replay)", []);
            var batch = _store.Database.CreateBatch();
            var writes = new Task[]
            {
                batch.ListRightPushAsync(attempts, JsonSerializer.SerializeToUtf8Bytes(record, StoreJsonContext.Default.AttemptRecord)),
                batch.KeyExpireAsync(attempts, _options.Retention),
            };
            batch.Execute();
            return Task.WhenAll(writes);
        });
    }

    /// <summary>The event of a delivery whose jobs ended less than <see cref="HistoryOptions.PayloadRetention"/> ago, or <see langword="null"/>.</summary>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    /// <exception cref="InvalidDataException">What is stored is not an event.</exception>
    public async Task<WebhookEvent?> KeptEventAsync(string provider, string repoId, string deliveryId, CancellationToken cancellationToken)
    {
        var payloadKey = _store.Keys.HistoryPayload(KeySpace.DeliveryKey(provider, repoId, deliveryId));
        var stored = await StoreCall.RunAsync(
            _store,
            () => _store.Database.StringGetAsync(payloadKey),
            $"read the kept payload of delivery {deliveryId}",
            cancellationToken).ConfigureAwait(false);
        if (stored.IsNull)
        {
            return null;
        }

        var job = await PayloadParts.ReadJobAsync(
            _store,
            KeptEventForm.Unpack((byte[])stored!),
            KeySpace.HistoryPayloadPartPrefix(payloadKey),
            $"read the parts of the kept payload of delivery {deliveryId}",
            cancellationToken).ConfigureAwait(false);
        return job.Event;
    }

    /// <summary>The deliveries with the id <paramref name="deliveryId"/> (usually one), newest first.</summary>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    public async Task<IReadOnlyList<DeliveryRecord>> FindAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var keys = await StoreCall.RunAsync(
            _store,
            () => _store.Database.SortedSetRangeByRankAsync(_store.Keys.HistoryById(deliveryId), 0, 49, Order.Descending),
            $"find delivery {deliveryId} in the history",
            cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(keys.Select(key => key.ToString()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The deliveries whose attempts named <paramref name="ticket"/>, newest first (at most 200).</summary>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    public async Task<IReadOnlyList<DeliveryRecord>> ForTicketAsync(string ticket, CancellationToken cancellationToken)
    {
        var keys = await StoreCall.RunAsync(
            _store,
            () => _store.Database.SortedSetRangeByRankAsync(_store.Keys.HistoryTicket(ticket.ToUpperInvariant()), 0, 199, Order.Descending),
            $"find ticket {ticket} in the history",
            cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(keys.Select(key => key.ToString()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A page of the history, newest first, with the filters applied. Reads at most ten times <paramref name="limit"/>
    /// entries of the list per call, so a filter that matches little returns fewer than asked with a cursor to go on.
    /// </summary>
    /// <param name="filter">What to keep.</param>
    /// <param name="cursor">Where the previous page ended, or <see langword="null"/> for the newest.</param>
    /// <param name="limit">How many to return (1–500).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the cursor of the next, <see langword="null"/> at the end.</returns>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    public async Task<(IReadOnlyList<DeliveryRecord> Deliveries, HistoryCursor? Next)> ListAsync(HistoryFilter filter, HistoryCursor? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 500);
        var buckets = await RecordedBucketsAsync(cancellationToken).ConfigureAwait(false);
        var listed = HistoryIndexLayout.KeysOf(_store.Keys, buckets).Select(key => (RedisKey)key).ToArray();
        var found = new List<DeliveryRecord>(limit);
        var position = cursor;
        var budget = limit * 10;
        while (found.Count < limit && budget > 0)
        {
            var take = Math.Min(budget, limit * 2);
            RedisValue high = position is null ? "+inf" : position.ReceivedAt.ToUnixTimeMilliseconds();
            RedisValue low = filter.Since is { } since ? since.ToUnixTimeMilliseconds() : "-inf";
            RedisValue after = position?.Key ?? string.Empty;
            var page = await StoreCall.RunAsync(
                _store,
                () => _store.Database.ScriptEvaluateAsync(
                    _store.ScriptText(HistoryScripts.List),
                    listed,
                    [high, after, low, take]),
                "list the delivery history",
                cancellationToken).ConfigureAwait(false);
            var fresh = Entries(page);
            if (fresh.Count == 0)
            {
                return (found, null);
            }

            budget -= fresh.Count;
            var records = await ReadAllAsync(fresh.Select(entry => entry.Key), cancellationToken).ConfigureAwait(false);
            foreach (var (entry, record) in fresh.Zip(records))
            {
                position = new HistoryCursor(DateTimeOffset.FromUnixTimeMilliseconds(entry.Ms), entry.Key);
                if (filter.Matches(record))
                {
                    found.Add(record);
                    if (found.Count == limit)
                    {
                        break;
                    }
                }
            }

            if (fresh.Count < take && found.Count < limit)
            {
                return (found, null);
            }
        }

        return (found, position);
    }

    /// <summary>The member, score pairs a listing script returned; a reply of another shape is the store's fault and says so.</summary>
    private static List<(string Key, long Ms)> Entries(RedisResult page)
    {
        var items = (RedisResult[]?)page ?? [];
        var entries = new List<(string Key, long Ms)>(items.Length / 2);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            var score = double.TryParse((string?)items[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new StoreUnavailableException($"The store answered the history listing with a score that is not a number ('{items[i + 1]}').");
            entries.Add(((string)items[i]!, (long)score));
        }

        return entries;
    }

    /// <summary>
    /// How many buckets the store's list is spread over, as recorded by the last <see cref="PrepareIndexAsync"/> (a reader
    /// may run with other settings than the server, as the command line does).
    /// </summary>
    private async Task<int> RecordedBucketsAsync(CancellationToken cancellationToken)
    {
        var recorded = await RecordedLayoutAsync(cancellationToken).ConfigureAwait(false);
        return HistoryIndexLayout.TryReadBuckets(recorded, out var buckets)
            ? buckets
            : throw new StoreUnavailableException(
                $"The store's key {_store.Keys.HistoryIndexLayout} holds '{recorded}', not a bucket count of the delivery history; "
                + "restart the server, which writes it again.");
    }

    /// <summary>The store's record of the list's layout (<see cref="KeySpace.HistoryIndexLayout"/>), as stored.</summary>
    private Task<RedisValue> RecordedLayoutAsync(CancellationToken cancellationToken) => StoreCall.RunAsync(
        _store, () => _store.Database.StringGetAsync(_store.Keys.HistoryIndexLayout), "read the delivery history's layout", cancellationToken);

    /// <summary>
    /// Brings the store's list to the layout this history writes (<see cref="HistoryIndexLayout"/>): moves the entries of
    /// the layout recorded before (one set, as earlier releases wrote it, or another bucket count after
    /// <see cref="HistoryOptions.MaxEntries"/> changed) into their buckets a thousand at a time, then records the layout,
    /// which listings follow. A serving process runs it when it starts (until then its new entries are listed only once
    /// the layout is recorded); it is safe to repeat and to run in two processes at once, and one that stopped half way
    /// is finished by the next. Entries a process of an earlier release still adds to the one set are moved at the next
    /// start.
    /// </summary>
    /// <param name="cancellationToken">Stops the move (what is moved stays moved).</param>
    /// <returns>How many entries were moved.</returns>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    public async Task<long> PrepareIndexAsync(CancellationToken cancellationToken)
    {
        var database = _store.Database;
        var recorded = await RecordedLayoutAsync(cancellationToken).ConfigureAwait(false);
        var sources = new HashSet<int> { 1 };
        if (HistoryIndexLayout.TryReadBuckets(recorded, out var before))
        {
            sources.Add(before);
        }
        else
        {
            LogUnreadableLayout(_logger, _store.Keys.HistoryIndexLayout, recorded.ToString());
        }

        sources.Remove(_layout.Buckets);
        long moved = 0;
        foreach (var key in sources.SelectMany(buckets => HistoryIndexLayout.KeysOf(_store.Keys, buckets)))
        {
            while (true)
            {
                var page = await StoreCall.RunAsync(
                    _store, () => database.SortedSetRangeByRankWithScoresAsync(key, 0, 999), "move the delivery history to its buckets", cancellationToken).ConfigureAwait(false);
                if (page.Length == 0)
                {
                    break;
                }

                await StoreCall.RunAsync(
                    _store,
                    () =>
                    {
                        // Added before removed, in one batch: an entry is never in neither.
                        var batch = database.CreateBatch();
                        var writes = page
                            .GroupBy(entry => _layout.KeyOf(_store.Keys, entry.Element.ToString()))
                            .Select(bucket => (Task)batch.SortedSetAddAsync(bucket.Key, bucket.ToArray(), SortedSetWhen.NotExists))
                            .Append(batch.SortedSetRemoveAsync(key, page.Select(entry => entry.Element).ToArray()))
                            .ToList();
                        batch.Execute();
                        return Task.WhenAll(writes);
                    },
                    "move the delivery history to its buckets",
                    cancellationToken).ConfigureAwait(false);
                moved += page.Length;
            }
        }

        if (recorded != _layout.Buckets.ToString(CultureInfo.InvariantCulture))
        {
            await StoreCall.RunAsync(
                _store,
                () => database.StringSetAsync(_store.Keys.HistoryIndexLayout, _layout.Buckets.ToString(CultureInfo.InvariantCulture)),
                "record the delivery history's layout",
                cancellationToken).ConfigureAwait(false);
        }

        if (moved > 0)
        {
            LogIndexMoved(_logger, moved, _layout.Buckets);
        }

        return moved;
    }

    /// <summary>Reads the records of <paramref name="keys"/> in one round trip; keys whose record expired are left out.</summary>
    private async Task<IReadOnlyList<DeliveryRecord>> ReadAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var list = keys.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var (hashes, attempts) = await StoreCall.RunAsync(
            _store,
            async () =>
            {
                var batch = _store.Database.CreateBatch();
                var hashTasks = list.Select(key => batch.HashGetAllAsync(_store.Keys.HistoryRecord(key))).ToList();
                var attemptTasks = list.Select(key => batch.ListRangeAsync(_store.Keys.HistoryAttempts(key))).ToList();
                batch.Execute();
                return (await Task.WhenAll(hashTasks).ConfigureAwait(false), await Task.WhenAll(attemptTasks).ConfigureAwait(false));
            },
            "read delivery history",
            cancellationToken).ConfigureAwait(false);
        var records = new List<DeliveryRecord>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (Read(list[i], hashes[i], attempts[i]) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>A record from its stored fields; fields that are missing or not what was written read as absent, never as an error.</summary>
    private DeliveryRecord? Read(string key, HashEntry[] fields, RedisValue[] attempts)
    {
        if (fields.Length == 0 && attempts.Length == 0)
        {
            return null;
        }

        var values = fields.ToDictionary(field => field.Name.ToString(), field => field.Value.ToString(), StringComparer.Ordinal);
        var parsed = KeySpace.ParseDeliveryKey(key);
        string Field(string name, string fallback) => values.TryGetValue(name, out var value) && value.Length > 0 ? value : fallback;
        var received = long.TryParse(Field("received_at", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch;
        var readAttempts = new List<AttemptRecord>(attempts.Length);
        foreach (var stored in attempts)
        {
            try
            {
                if (JsonSerializer.Deserialize((byte[])stored!, StoreJsonContext.Default.AttemptRecord) is { } attempt)
                {
                    readAttempts.Add(attempt);
                }
            }
            catch (JsonException exception)
            {
                LogUnreadableAttempt(_logger, key, exception.Message);
            }
        }

        ReplaysBeforeTheirJobs(readAttempts);
        return new DeliveryRecord(
            Field("provider", parsed?.Provider ?? "?"),
            Field("repo_id", parsed?.RepoId ?? "?"),
            Field("delivery_id", parsed?.DeliveryId ?? key),
            values.TryGetValue("kind", out var kind) && kind.Length > 0 ? kind : null,
            received,
            Field("outcome", DoorOutcome.Queued),
            values.TryGetValue("reason", out var reason) && reason.Length > 0 ? reason : null,
            Field("workers", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.TryParse(Field("duplicates", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var duplicates) ? duplicates : 0,
            readAttempts);
    }

    /// <summary>
    /// Moves each <c>replayed</c> entry in <paramref name="attempts"/> (in the order written) before the first attempt of
    /// the job it queued: the entry is written once the job is queued, without waiting for it, so the job's first attempt
    /// can end, and be written, first.
    /// </summary>
    internal static void ReplaysBeforeTheirJobs(List<AttemptRecord> attempts)
    {
        for (var i = 1; i < attempts.Count; i++)
        {
            var replay = attempts[i];
            if (!string.Equals(replay.Result, AttemptResults.Replayed, StringComparison.Ordinal))
            {
                continue;
            }

            var first = attempts.FindIndex(0, i, attempt => string.Equals(attempt.JobId, replay.JobId, StringComparison.Ordinal)
                && string.Equals(attempt.Worker, replay.Worker, StringComparison.Ordinal));
            if (first >= 0)
            {
                attempts.RemoveAt(i);
                attempts.Insert(first, replay);
            }
        }
    }

    private async Task ObserveAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            HistoryMetrics.Written();
        }
        catch (Exception exception)
        {
            // Best effort by contract: the delivery or job this describes is already settled either way.
            HistoryMetrics.Failed();
            LogWriteFailed(_logger, exception.Message);
        }
    }

    private static string? Capped(string? text) => text is { Length: > MaxReasonLength } ? text[..MaxReasonLength] + " …" : text;

    /// <summary>
    /// Whether <paramref name="text"/> is one ticket key and nothing else, by the SDK's one rule for keys
    /// (<see cref="TicketKeys"/>); at most 64 characters, as it becomes part of a store key.
    /// </summary>
    /// <param name="text">An item's subject, or a key asked about.</param>
    /// <returns><see langword="true"/> for <c>SOC-1</c> or <c>soc-1</c>; <see langword="false"/> for <c>message</c> or <c>SOC-1 x</c>.</returns>
    public static bool IsTicketKey(string text) =>
        text.Length <= 64 && TicketKeys.Extract([text]) is [var only] && string.Equals(only, text, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "A history record could not be written ({Reason}); the delivery is not affected")]
    private static partial void LogWriteFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "An attempt in the history of {Key} could not be read ({Reason}); it is left out")]
    private static partial void LogUnreadableAttempt(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "The store's key {Key} holds '{Recorded}', not a bucket count of the delivery history; the list is read from the one set earlier releases wrote and the key is written again")]
    private static partial void LogUnreadableLayout(ILogger logger, string key, string recorded);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Moved {Count} entries of the delivery history's list into its {Buckets} buckets")]
    private static partial void LogIndexMoved(ILogger logger, long count, int buckets);
}
