using Unotify.Sdk;

namespace Unotify.Core.Storage;

/// <summary>The SDK's shared cache for one worker: plain Redis strings with a TTL under the worker's hash tag.</summary>
public sealed class RedisSharedCache : ISharedCache
{
    /// <summary>The largest value accepted (1 MiB of characters).</summary>
    public const int MaxValueLength = 1 << 20;

    private readonly RedisStore _store;
    private readonly WorkerKeys _keys;
    private readonly string _worker;

    /// <summary>Creates the cache of <paramref name="worker"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="worker">The worker's name.</param>
    public RedisSharedCache(RedisStore store, string worker)
    {
        ArgumentNullException.ThrowIfNull(store);
        StoreArguments.Name(worker, nameof(worker));
        _store = store;
        _worker = worker;
        _keys = store.Keys.Worker(worker);
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        var value = await StoreCall.RunAsync(
            _store,
            () => _store.Database.StringGetAsync(_keys.Cache(key)),
            $"read cache key {key} of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : (string?)value;
    }

    /// <inheritdoc />
    public async Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        StoreArguments.Id(key, nameof(key));
        StoreArguments.Text(value, nameof(value), MaxValueLength);
        StoreArguments.Positive(timeToLive, nameof(timeToLive));
        await StoreCall.RunAsync(
            _store,
            () => _store.Database.StringSetAsync(_keys.Cache(key), value, timeToLive),
            $"write cache key {key} of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
    }
}
