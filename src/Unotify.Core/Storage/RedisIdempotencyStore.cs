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
/// </remarks>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
    /// <summary>How long done marks (and abandoned notes) are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private const int MaxNoteLength = 4096;

    // KEYS: key, leased, tokens. ARGV: now, job id, token, note, retention ms. Returns {0 claimed, 1 done, 2 held} and,
    // when claimed over an abandoned claim, its note, which the key keeps: the note says what the first claimer set out
    // to do, and a taker that dies in turn must hand the same note on. A claim that names no job counts as abandoned.
    private const string ClaimScript = """
        local state = redis.call('HMGET', KEYS[1], 'state', 'job', 'token', 'note')
        if state[1] == 'done' then return { 1 } end
        local note = ARGV[4]
        if state[1] == 'claimed' then
          if state[3] == ARGV[3] then return { 0 } end
          if state[2] and redis.call('HGET', KEYS[3], state[2]) == state[3] then
            local expiry = redis.call('ZSCORE', KEYS[2], state[2])
            if expiry and tonumber(expiry) > tonumber(ARGV[1]) then return { 2 } end
          end
          if state[4] then note = state[4] end
        end
        redis.call('HSET', KEYS[1], 'state', 'claimed', 'job', ARGV[2], 'token', ARGV[3], 'note', note)
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        if state[1] == 'claimed' then return { 0, state[4] } end
        return { 0 }
        """;

    // KEYS: key. ARGV: retention ms. The state is set before anything is removed, so a crash in between leaves "done".
    private const string MarkDoneScript = """
        redis.call('HSET', KEYS[1], 'state', 'done')
        redis.call('HDEL', KEYS[1], 'job', 'token', 'note', 'until')
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
        _keys = store.Keys.Worker(worker);
        _attempt = attempt;
    }

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        StoreArguments.Text(note, nameof(note), MaxNoteLength);
        var reply = (RedisResult[])(await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(
                _store.ScriptText(ClaimScript),
                [_keys.Idempotency(key), _keys.Leased, _keys.Tokens],
                [_store.NowMilliseconds, _attempt.Job.Id, _attempt.Token, note, (long)Retention.TotalMilliseconds]),
            $"claim idempotency key {key} of worker {_attempt.Job.Worker}",
            cancellationToken).ConfigureAwait(false))!;
        switch ((long)reply[0])
        {
            case 1:
                return new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone);
            case 2:
                return new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther);
            default:
                // The effect follows the claim: a crash must not be able to keep the effect and lose the claim, or the
                // next attempt would find the key free with no note and act again.
                await _store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
                return new IdempotencyClaim(IdempotencyClaimStatus.Claimed, reply.Length > 1 ? (string?)reply[1] : null);
        }
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
