using StackExchange.Redis;
using Unotify.Sdk;

namespace Unotify.Core.Storage;

/// <summary>
/// The SDK's idempotency store for one worker: a hash per key (<c>state</c>, <c>until</c>, <c>note</c>) under the
/// worker's hash tag. A claim's expiry is a field, not the key's TTL, so an abandoned claim's note survives for the
/// next claimer; the key itself is kept for <see cref="Retention"/>.
/// </summary>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
    /// <summary>How long done marks (and abandoned notes) are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private const int MaxNoteLength = 4096;

    // KEYS: key. ARGV: now, lease ms, note, retention ms. Returns {0 claimed, 1 done, 2 held} and, when claimed over an abandoned claim, its note.
    private const string ClaimScript = """
        local state = redis.call('HMGET', KEYS[1], 'state', 'until', 'note')
        if state[1] == 'done' then return { 1 } end
        local now = tonumber(ARGV[1])
        if state[1] == 'claimed' and tonumber(state[2]) > now then return { 2 } end
        redis.call('HSET', KEYS[1], 'state', 'claimed', 'until', now + tonumber(ARGV[2]), 'note', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        if state[1] == 'claimed' then return { 0, state[3] } end
        return { 0 }
        """;

    // KEYS: key. ARGV: retention ms.
    private const string MarkDoneScript = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'state', 'done')
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // KEYS: key. Releases a claim; a done mark stays.
    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'state') == 'claimed' then redis.call('DEL', KEYS[1]) return 1 end
        return 0
        """;

    private readonly RedisStore _store;
    private readonly WorkerKeys _keys;
    private readonly string _worker;

    /// <summary>Creates the store of <paramref name="worker"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="worker">The worker's name.</param>
    public RedisIdempotencyStore(RedisStore store, string worker)
    {
        ArgumentNullException.ThrowIfNull(store);
        StoreArguments.Name(worker, nameof(worker));
        _store = store;
        _worker = worker;
        _keys = store.Keys.Worker(worker);
    }

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimAsync(string key, string note, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        StoreArguments.Text(note, nameof(note), MaxNoteLength);
        StoreArguments.Positive(leaseTime, nameof(leaseTime));
        var reply = (RedisResult[])(await StoreCall.RunAsync(
            () => _store.Database.ScriptEvaluateAsync(
                ClaimScript,
                [_keys.Idempotency(key)],
                [_store.NowMilliseconds, (long)leaseTime.TotalMilliseconds, note, (long)Retention.TotalMilliseconds]),
            $"claim idempotency key {key} of worker {_worker}",
            cancellationToken).ConfigureAwait(false))!;
        return (long)reply[0] switch
        {
            1 => new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone),
            2 => new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther),
            _ => new IdempotencyClaim(IdempotencyClaimStatus.Claimed, reply.Length > 1 ? (string?)reply[1] : null),
        };
    }

    /// <inheritdoc />
    public async Task MarkDoneAsync(string key, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        await StoreCall.RunAsync(
            () => _store.Database.ScriptEvaluateAsync(MarkDoneScript, [_keys.Idempotency(key)], [(long)Retention.TotalMilliseconds]),
            $"mark idempotency key {key} of worker {_worker} done",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        await StoreCall.RunAsync(
            () => _store.Database.ScriptEvaluateAsync(ReleaseScript, [_keys.Idempotency(key)]),
            $"release idempotency key {key} of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
    }
}
