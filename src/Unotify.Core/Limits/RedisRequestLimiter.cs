using System.Globalization;
using StackExchange.Redis;
using Unotify.Core.Configuration;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Limits;

/// <summary>
/// A worker's request limiter in the store, shared by its replicas: with a <c>rate:</c>, a token bucket
/// (<see cref="RateScripts"/>) that every replica takes its turns from; with or without one, a pause that a 429's
/// <c>Retry-After</c> sets (<see cref="PauseAsync"/>) and every replica honours.
/// </summary>
public sealed class RedisRequestLimiter : IRequestLimiter
{
    // A waiting request looks again at least this often, so a pause lifted or refilled tokens are seen soon.
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    // Without a rate, the shared pause is read at most this often (not on every request).
    private static readonly TimeSpan PauseReadInterval = TimeSpan.FromSeconds(1);
    private readonly Task<RedisStore> _opening;
    private readonly string _worker;
    private readonly RateLimit? _limit;
    private RedisKey? _key;
    private long _pausedUntil;
    private long _pauseReadAt;

    /// <summary>Creates the limiter of <paramref name="worker"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="limit">The rate and burst, or <see langword="null"/> for no rate (only pauses).</param>
    public RedisRequestLimiter(RedisStore store, string worker, RateLimit? limit)
        : this(Task.FromResult(store ?? throw new ArgumentNullException(nameof(store))), worker, limit)
    {
    }

    /// <summary>
    /// Creates the limiter of <paramref name="worker"/> before the store is open (processors are built while it
    /// opens); it is used only once <paramref name="opening"/> has completed.
    /// </summary>
    /// <param name="opening">The store, once open.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="limit">The rate and burst, or <see langword="null"/> for no rate (only pauses).</param>
    public RedisRequestLimiter(Task<RedisStore> opening, string worker, RateLimit? limit)
    {
        ArgumentNullException.ThrowIfNull(opening);
        StoreArguments.Name(worker, nameof(worker));
        _opening = opening;
        _worker = worker;
        _limit = limit;
    }

    /// <summary>The rate and burst, or <see langword="null"/> when the limiter only honours pauses.</summary>
    public RateLimit? Limit => _limit;

    /// <inheritdoc />
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var store = await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var wait = _limit is null
                ? await PausedForAsync(store, cancellationToken).ConfigureAwait(false)
                : await TakeAsync(store, _limit, cancellationToken).ConfigureAwait(false);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait < LongestWait ? wait : LongestWait, store.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No request of the worker, on any replica, before now + <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to pause (a 429's <c>Retry-After</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the pause is stored.</returns>
    public async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var store = await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        var until = store.NowMilliseconds + (long)delay.TotalMilliseconds;
        InterlockedMax(ref _pausedUntil, until);
        await StoreCall.RunAsync(
            store,
            () => store.Database.ScriptEvaluateAsync(store.ScriptText(RateScripts.Pause), [Key(store)], [until]),
            $"pause the requests of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
    }

    // The store's key names never change: built once, not on every request.
    private RedisKey Key(RedisStore store) => _key ??= store.Keys.Worker(_worker).Rate;

    private async Task<TimeSpan> TakeAsync(RedisStore store, RateLimit limit, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await StoreCall.RunAsync(
            store,
            () => store.Database.ScriptEvaluateAsync(
                store.ScriptText(RateScripts.Take),
                [Key(store)],
                [store.NowMilliseconds, (limit.PerSecond / 1000.0).ToString("R", CultureInfo.InvariantCulture), limit.Burst]),
            $"take a request turn of worker {_worker}",
            cancellationToken).ConfigureAwait(false))!;
        return (long)result[0] == 1 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1]));
    }

    private async Task<TimeSpan> PausedForAsync(RedisStore store, CancellationToken cancellationToken)
    {
        var now = store.NowMilliseconds;
        if (now - Interlocked.Read(ref _pauseReadAt) >= (long)PauseReadInterval.TotalMilliseconds)
        {
            Interlocked.Exchange(ref _pauseReadAt, now);
            var stored = await StoreCall.RunAsync(
                store,
                () => store.Database.HashGetAsync(Key(store), "paused"),
                $"read the request pause of worker {_worker}",
                cancellationToken).ConfigureAwait(false);
            if (stored.TryParse(out long until))
            {
                InterlockedMax(ref _pausedUntil, until);
            }
        }

        var paused = Interlocked.Read(ref _pausedUntil) - now;
        return paused > 0 ? TimeSpan.FromMilliseconds(paused) : TimeSpan.Zero;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
