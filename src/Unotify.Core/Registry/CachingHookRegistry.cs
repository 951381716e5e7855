using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Unotify.Core.Storage;

namespace Unotify.Core.Registry;

/// <summary>
/// A registry that serves <see cref="GetForVerificationAsync"/> from memory for up to
/// <see cref="HookCacheOptions.TimeToLive"/> after a load, sparing the ingest path a Redis round trip, a JSON read and an
/// AES-GCM decryption per delivery. Every other call goes to the inner registry.
/// </summary>
/// <remarks>
/// <para>
/// Only found hooks are cached, so a hook registered a moment ago works at once. A write through this registry drops
/// its entry before returning; a write anywhere else (the <c>unotify hooks</c> CLI, another host) is announced by
/// <see cref="RedisHookRegistry"/> on a pub/sub channel this registry listens to after <see cref="StartAsync"/>. When the
/// connection comes back after a failure everything is dropped, as announcements may have been missed; if one is lost
/// anyway (or before <see cref="StartAsync"/>), the time to live bounds how long a stale hook is served.
/// </para>
/// <para>
/// A load that raced an invalidation is not kept: each invalidation bumps a generation number, and a load whose
/// generation changed while it read Redis returns its result without caching it.
/// </para>
/// </remarks>
public sealed class CachingHookRegistry : IHookRegistry, IAsyncDisposable
{
    private const int New = 0;
    private const int Started = 1;
    private const int Disposed = 2;
    private readonly IHookRegistry _inner;
    private readonly RedisStore _store;
    private readonly HookCacheOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<HookKey, CachedHook> _entries = new();
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onChanged;
    private readonly EventHandler<ConnectionFailedEventArgs> _onRestored;
    private long _generation;
    private int _state = New;

    /// <summary>Creates the cache in front of <paramref name="inner"/>; call <see cref="StartAsync"/> to hear changes made elsewhere.</summary>
    /// <param name="inner">The registry that reads and writes Redis, normally a <see cref="RedisHookRegistry"/> on <paramref name="store"/>.</param>
    /// <param name="store">The store whose clock times entries and whose connection carries change announcements.</param>
    /// <param name="options">Time to live and size; a zero time to live turns caching off.</param>
    /// <param name="logger">The log, or none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time to live is negative or the maximum number of entries is below 1.</exception>
    public CachingHookRegistry(IHookRegistry inner, RedisStore store, HookCacheOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimeToLive, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEntries, 1, nameof(options));
        _inner = inner;
        _store = store;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _channel = RedisChannel.Literal(store.Keys.HooksChanged);
        _onChanged = (_, message) => OnChanged(message);
        _onRestored = (_, restored) => OnConnectionRestored(restored);
    }

    /// <summary>How many hooks are held now (expired ones included until they are replaced or cleared).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Listens for hook changes announced by other registries and for reconnections. A subscription that fails because
    /// Redis is unavailable is not fatal: it is logged, the client restores it on reconnection, and the time to live
    /// bounds staleness meanwhile. Does nothing when caching is off.
    /// </summary>
    /// <param name="cancellationToken">Cancels the subscription.</param>
    /// <returns>A task that completes once subscribed (or once the failure is logged).</returns>
    /// <exception cref="InvalidOperationException">Already started, or disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Started, New) != New)
        {
            throw new InvalidOperationException("The hook cache is already started or has been disposed.");
        }

        if (!_options.Enabled)
        {
            return;
        }

        _store.Connection.ConnectionRestored += _onRestored;
        try
        {
            await StoreCall.RunAsync(
                _store,
                () => _store.Connection.GetSubscriber().SubscribeAsync(_channel, _onChanged),
                "subscribe to hook changes",
                cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException exception)
        {
            HookCacheLog.SubscribeFailed(_logger, _options.TimeToLive, exception.Message);
        }
    }

    /// <inheritdoc />
    /// <remarks>A hit allocates nothing: the entry holds the completed task it returns.</remarks>
    public Task<HookWithSecret?> GetForVerificationAsync(string provider, string repoId, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || Volatile.Read(ref _state) == Disposed)
        {
            return _inner.GetForVerificationAsync(provider, repoId, cancellationToken);
        }

        var key = new HookKey(provider, repoId);
        var now = _store.Time.GetUtcNow();
        return _entries.TryGetValue(key, out var cached) && now < cached.ExpiresAt
            ? cached.Hook
            : LoadAsync(key, now, cancellationToken);
    }

    /// <inheritdoc />
    public Task<HookWithSecret> RegisterAsync(string provider, string repoId, string? repoPath, CancellationToken cancellationToken) =>
        InvalidatingAsync(_inner.RegisterAsync(provider, repoId, repoPath, cancellationToken), provider, repoId);

    /// <inheritdoc />
    public Task<HookWithSecret> RotateAsync(string provider, string repoId, CancellationToken cancellationToken) =>
        InvalidatingAsync(_inner.RotateAsync(provider, repoId, cancellationToken), provider, repoId);

    /// <inheritdoc />
    public Task<Hook> ImportAsync(string provider, string repoId, string? repoPath, string secret, CancellationToken cancellationToken) =>
        InvalidatingAsync(_inner.ImportAsync(provider, repoId, repoPath, secret, cancellationToken), provider, repoId);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string provider, string repoId, CancellationToken cancellationToken) =>
        InvalidatingAsync(_inner.DeleteAsync(provider, repoId, cancellationToken), provider, repoId);

    /// <inheritdoc />
    public Task<Hook?> FindAsync(string provider, string repoId, CancellationToken cancellationToken) =>
        _inner.FindAsync(provider, repoId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Hook>> ListAsync(string? provider, CancellationToken cancellationToken) =>
        _inner.ListAsync(provider, cancellationToken);

    /// <summary>Stops listening for changes. Lookups keep working, served by Redis only from then on.</summary>
    /// <returns>A task that completes once unsubscribed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, Disposed) != Started || !_options.Enabled)
        {
            return;
        }

        _store.Connection.ConnectionRestored -= _onRestored;
        try
        {
            // Only this handler: another cache on the same connection keeps its subscription.
            await StoreCall.RunAsync(
                _store,
                () => _store.Connection.GetSubscriber().UnsubscribeAsync(_channel, _onChanged),
                "unsubscribe from hook changes",
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException exception)
        {
            HookCacheLog.UnsubscribeFailed(_logger, exception.Message);
        }

        Clear();
    }

    /// <summary>Awaits a write, then drops the hook's entry, also when the write failed: it may have reached Redis.</summary>
    private async Task<T> InvalidatingAsync<T>(Task<T> write, string provider, string repoId)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        finally
        {
            Invalidate(provider, repoId);
        }
    }

    private async Task<HookWithSecret?> LoadAsync(HookKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var generation = Interlocked.Read(ref _generation);
        var loaded = await _inner.GetForVerificationAsync(key.Provider, key.RepoId, cancellationToken).ConfigureAwait(false);
        if (loaded is null || Interlocked.Read(ref _generation) != generation)
        {
            return loaded; // never cache "not found"; never keep a load that raced a change
        }

        if (!_entries.ContainsKey(key) && _entries.Count >= _options.MaxEntries)
        {
            // Simple and bounded: only registered hooks get in, so this happens only with more hooks than MaxEntries.
            _entries.Clear();
        }

        var entry = new CachedHook(Task.FromResult<HookWithSecret?>(loaded), now + _options.TimeToLive);
        _entries[key] = entry;
        if (Interlocked.Read(ref _generation) != generation)
        {
            // An invalidation ran between the check above and the write: drop this entry (only if it is still ours).
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        return loaded;
    }

    private void OnChanged(RedisValue message)
    {
        // The message is the hook's field, provider:repoId; provider names contain no ':'.
        var field = (string?)message;
        var separator = field?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator < 0)
        {
            Clear(); // not a message this version writes: drop everything rather than guess
            return;
        }

        Invalidate(field![..separator], field[(separator + 1)..]);
    }

    private void OnConnectionRestored(ConnectionFailedEventArgs restored)
    {
        Clear();
        HookCacheLog.ClearedOnReconnect(_logger, restored.ConnectionType.ToString());
    }

    private void Invalidate(string provider, string repoId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(new HookKey(provider, repoId), out _);
    }

    private void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>A cache key: no string is built per lookup.</summary>
    private readonly record struct HookKey(string Provider, string RepoId);

    /// <summary>A loaded hook, as the completed task every hit returns, and when it stops being served.</summary>
    private sealed record CachedHook(Task<HookWithSecret?> Hook, DateTimeOffset ExpiresAt);
}
