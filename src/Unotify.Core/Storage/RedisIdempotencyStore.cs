using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Sdk;

namespace Unotify.Core.Storage;

/// <summary>
/// The SDK's idempotency store for one attempt at one job: a hash per key (<c>state</c>, <c>job</c>, <c>token</c>,
/// <c>note</c>) under the worker's hash tag, kept for <see cref="Retention"/>.
/// </summary>
/// <remarks>
/// A claim names the job and the lease token of the attempt that made it, and is live exactly while that lease is: the
/// job's token in the queue is still the claim's and its lease has not run out. Because the queue's keys share the
/// worker's hash tag, the claim script reads them in the same atomic step. So a killed worker's claims are free for
/// the next attempt as soon as its lease ends, never later, and a job's own earlier attempt can never block it.
/// The keys live in the worker's first partition; a claim also names the partition its job was fetched from, and when
/// that is another partition (<c>partitions:</c>, another hash slot on a Redis Cluster) the holder's lease is read
/// there first and the claim then taken only if the same holder still has it (compare-and-set), so a claim is still
/// held exactly while its lease is.
/// </remarks>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
    /// <summary>How long done marks (and abandoned notes) are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private const int MaxNoteLength = 4096;

    // KEYS: key, leased, tokens (the first partition's). ARGV: now, job id, token, note, retention ms, the attempt's
    // partition, the token of a holder whose lease the caller found ended ('' when none). Returns {0 claimed, 1 done,
    // 2 held} and, when claimed over an abandoned claim, its note, which the key keeps: the note says what the first
    // claimer set out to do, and a taker that dies in turn must hand the same note on. A claim that names no job counts
    // as abandoned. A holder in another partition, whose lease this script cannot read, is answered {3, job, token,
    // partition}: the caller reads that lease and, when it ended, asks again naming the holder's token.
    private const string ClaimScript = """
        local state = redis.call('HMGET', KEYS[1], 'state', 'job', 'token', 'note', 'part')
        if state[1] == 'done' then return { 1 } end
        local note = ARGV[4]
        if state[1] == 'claimed' then
          if state[3] == ARGV[3] then return { 0 } end
          if state[2] and state[3] ~= ARGV[7] then
            local part = state[5] or '0'
            if part ~= '0' then return { 3, state[2], state[3], part } end
            if redis.call('HGET', KEYS[3], state[2]) == state[3] then
              local expiry = redis.call('ZSCORE', KEYS[2], state[2])
              if expiry and tonumber(expiry) > tonumber(ARGV[1]) then return { 2 } end
            end
          end
          if state[4] then note = state[4] end
        end
        redis.call('HSET', KEYS[1], 'state', 'claimed', 'job', ARGV[2], 'token', ARGV[3], 'note', note, 'part', ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        if state[1] == 'claimed' then return { 0, state[4] } end
        return { 0 }
        """;

    // KEYS: key. ARGV: retention ms. The state is set before anything is removed, so a crash in between leaves "done".
    private const string MarkDoneScript = """
        redis.call('HSET', KEYS[1], 'state', 'done')
        redis.call('HDEL', KEYS[1], 'job', 'token', 'note', 'until', 'part')
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // KEYS: key. ARGV: token. Releases this attempt's claim; a done mark or another attempt's claim stays.
    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'state') == 'claimed' and redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    private readonly RedisStore _store;
    private readonly string _worker;
    private readonly WorkerKeys _keys;
    private readonly LeasedJob _attempt;

    /// <summary>Creates the store of one attempt at a job of <paramref name="worker"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="attempt">The leased job the claims belong to.</param>
    public RedisIdempotencyStore(RedisStore store, string worker, LeasedJob attempt)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(attempt);
        StoreArguments.Name(worker, nameof(worker));
        _store = store;
        _worker = worker;
        _keys = store.Keys.Worker(worker);
        _attempt = attempt;
    }

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        StoreArguments.Text(note, nameof(note), MaxNoteLength);
        var reply = await RunClaimAsync(key, note, endedHolder: "", cancellationToken).ConfigureAwait(false);
        if ((long)reply[0] == 3)
        {
            // Held by an attempt in another partition: read its lease there, and take the claim only from that holder.
            var holderToken = (string)reply[2]!;
            if (await HolderIsLiveAsync((string)reply[1]!, holderToken, (string)reply[3]!, cancellationToken).ConfigureAwait(false))
            {
                return new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther);
            }

            reply = await RunClaimAsync(key, note, holderToken, cancellationToken).ConfigureAwait(false);
        }

        switch ((long)reply[0])
        {
            case 1:
                return new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone);
            case 2:
            case 3: // another attempt took the claim between the two reads: it is held
                return new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther);
            default:
                // The effect follows the claim: a crash must not be able to keep the effect and lose the claim, or the
                // next attempt would find the key free with no note and act again.
                await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
                return new IdempotencyClaim(IdempotencyClaimStatus.Claimed, reply.Length > 1 ? (string?)reply[1] : null);
        }
    }

    private async Task<RedisResult[]> RunClaimAsync(string key, string note, string endedHolder, CancellationToken cancellationToken) =>
        (RedisResult[])(await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(
                _store.ScriptText(ClaimScript),
                [_keys.Idempotency(key), _keys.Leased, _keys.Tokens],
                [_store.NowMilliseconds, _attempt.Job.Id, _attempt.Token, note, (long)Retention.TotalMilliseconds, _attempt.Partition, endedHolder]),
            $"claim idempotency key {key} of worker {_attempt.Job.Worker}",
            cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Whether the attempt <paramref name="token"/> at job <paramref name="jobId"/> still holds its lease in partition
    /// <paramref name="partition"/> (as the claim recorded it). A partition that is not a number a queue could have
    /// cannot hold a lease: its claim counts as abandoned.
    /// </summary>
    private async Task<bool> HolderIsLiveAsync(string jobId, string token, string partition, CancellationToken cancellationToken)
    {
        if (!int.TryParse(partition, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number is < 0 or >= QueueOptions.MaxPartitions)
        {
            return false;
        }

        var keys = _store.Keys.Worker(_worker, number);
        var (holder, expiry) = await StoreCall.RunAsync(
            _store,
            async () =>
            {
                var batch = _store.Database.CreateBatch();
                var tokenRead = batch.HashGetAsync(keys.Tokens, jobId);
                var expiryRead = batch.SortedSetScoreAsync(keys.Leased, jobId);
                batch.Execute();
                return (await tokenRead.ConfigureAwait(false), await expiryRead.ConfigureAwait(false));
            },
            $"read the lease of job {jobId} of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
        return holder == token && expiry is { } until && until > _store.NowMilliseconds;
    }

    /// <inheritdoc />
    public async Task MarkDoneAsync(string key, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(_store.ScriptText(MarkDoneScript), [_keys.Idempotency(key)], [(long)Retention.TotalMilliseconds]),
            $"mark idempotency key {key} of worker {_attempt.Job.Worker} done",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(_store.ScriptText(ReleaseScript), [_keys.Idempotency(key)], [_attempt.Token]),
            $"release idempotency key {key} of worker {_attempt.Job.Worker}",
            cancellationToken).ConfigureAwait(false);
    }
}
