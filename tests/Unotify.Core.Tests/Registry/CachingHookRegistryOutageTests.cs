using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Registry;

/// <summary>Runs against a redis-server of its own that it stops and starts; the shared servers cannot be stopped.</summary>
public sealed class CachingHookRegistryOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly HookCacheOptions LongLived = new() { TimeToLive = TimeSpan.FromHours(1) };
    private readonly PrivateRedisServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_cache_is_cleared_when_the_connection_comes_back_as_announcements_may_have_been_missed()
    {
        await using var store = await RedisStore.OpenAsync(Options());
        await new RedisHookRegistry(store).RegisterAsync("github", "123", null, CancellationToken.None); // before the cache listens: no echo reaches it
        await using var cache = new CachingHookRegistry(new RedisHookRegistry(store), store, LongLived);
        await cache.StartAsync(CancellationToken.None);
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().NotBeNull();

        // The restarted server keeps nothing, as if the hook was deleted while this process could not hear about it.
        await _server.StopAsync();
        await _server.StartAsync();

        await Eventually.HoldsAsync(
            async () => await SecretAsync(cache) is null,
            Deadline,
            "the cache to drop the hook once reconnected");
    }

    [Fact]
    public async Task Starting_while_Redis_is_down_is_not_fatal_and_changes_are_seen_once_Redis_is_back()
    {
        await _server.StopAsync();
        await using var store = await RedisStore.OpenAsync(Options());
        await using var cache = new CachingHookRegistry(new RedisHookRegistry(store), store, LongLived);

        await cache.StartAsync(CancellationToken.None);

        await _server.StartAsync();
        await using var otherProcess = await RedisStore.OpenAsync(Options() with { KeyPrefix = store.KeyPrefix });
        var registered = await new RedisHookRegistry(otherProcess).RegisterAsync("github", "123", null, CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => await SecretAsync(cache) == registered.Secret,
            Deadline,
            "the cache to reach Redis again");
        var rotated = await new RedisHookRegistry(otherProcess).RotateAsync("github", "123", CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => await SecretAsync(cache) == rotated.Secret,
            Deadline,
            "the cache to serve the rotated secret (announced, or re-read after the reconnection cleared the cache)");
    }

    /// <summary>The cached or loaded secret of github/123, null when there is no such hook, or a marker while Redis is unreachable.</summary>
    private static async Task<string?> SecretAsync(CachingHookRegistry cache)
    {
        try
        {
            return (await cache.GetForVerificationAsync("github", "123", CancellationToken.None))?.Secret;
        }
        catch (StoreUnavailableException)
        {
            return "(Redis is still unavailable)";
        }
    }

    private StoreOptions Options() => new()
    {
        ConnectionString = _server.ConnectionString,
        SecretKey = TestStores.SecretKey,
        KeyPrefix = TestStores.UniquePrefix(),
        Timeout = TimeSpan.FromSeconds(1),
    };
}
