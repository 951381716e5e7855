using StackExchange.Redis;
using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Registry;

public abstract class CachingHookRegistryTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AdjustableClock _clock = new();
    private readonly List<CachingHookRegistry> _caches = [];
    private RedisStore _store = null!;
    private RedisStore _otherProcess = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend, _clock);
        _otherProcess = await RedisStore.OpenAsync(TestStores.OptionsFor(backend) with { KeyPrefix = _store.KeyPrefix });
    }

    public async Task DisposeAsync()
    {
        foreach (var cache in _caches)
        {
            await cache.DisposeAsync();
        }

        await _otherProcess.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task A_second_lookup_within_the_time_to_live_is_served_from_memory_and_one_after_it_from_Redis()
    {
        var registered = await RegisterBeforeStartingAsync();
        var cache = await StartedCacheAsync();
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(registered.Secret);
        await RemoveBehindTheRegistrysBackAsync("github:123");

        var withinTimeToLive = await cache.GetForVerificationAsync("github", "123", CancellationToken.None);
        _clock.Advance(TimeToLive);
        var afterTimeToLive = await cache.GetForVerificationAsync("github", "123", CancellationToken.None);

        withinTimeToLive.Should().Be(registered);
        afterTimeToLive.Should().BeNull();
    }

    [Fact]
    public async Task A_lookup_served_from_memory_allocates_nothing()
    {
        await RegisterBeforeStartingAsync();
        var cache = UnstartedCache();
        var loaded = await cache.GetForVerificationAsync("github", "123", CancellationToken.None);
        _ = cache.GetForVerificationAsync("github", "123", CancellationToken.None); // the hit path, compiled once before measuring

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = cache.GetForVerificationAsync("github", "123", CancellationToken.None);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().BeSameAs(loaded);
    }

    [Fact]
    public async Task A_rotation_by_another_process_reaches_the_cache_over_pub_sub()
    {
        var registered = await RegisterBeforeStartingAsync();
        var cache = await StartedCacheAsync();
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(registered.Secret);

        var rotated = await new RedisHookRegistry(_otherProcess).RotateAsync("github", "123", CancellationToken.None);

        await Eventually.HoldsAsync(
            async () => (await cache.GetForVerificationAsync("github", "123", CancellationToken.None))?.Secret == rotated.Secret,
            Deadline,
            "the cache to serve the secret rotated by another process");
    }

    [Fact]
    public async Task A_delete_by_another_process_reaches_the_cache_over_pub_sub()
    {
        await RegisterBeforeStartingAsync();
        var cache = await StartedCacheAsync();
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().NotBeNull();

        await new RedisHookRegistry(_otherProcess).DeleteAsync("github", "123", CancellationToken.None);

        await Eventually.HoldsAsync(
            async () => await cache.GetForVerificationAsync("github", "123", CancellationToken.None) is null,
            Deadline,
            "the cache to forget the hook deleted by another process");
    }

    [Fact]
    public async Task An_unknown_hook_is_not_cached_so_a_hook_registered_right_after_a_miss_works_at_once()
    {
        var cache = UnstartedCache(); // no pub/sub: only the lookup itself can find the new hook
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().BeNull();

        var registered = await new RedisHookRegistry(_otherProcess).RegisterAsync("github", "123", null, CancellationToken.None);

        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().Be(registered);
    }

    [Fact]
    public async Task Writes_through_the_cache_drop_its_entry_before_returning()
    {
        var cache = UnstartedCache(); // no pub/sub: only the write itself can drop the entry
        await cache.RegisterAsync("github", "123", "acme/api", CancellationToken.None);
        await cache.GetForVerificationAsync("github", "123", CancellationToken.None);

        var rotated = await cache.RotateAsync("github", "123", CancellationToken.None);
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(rotated.Secret);

        await cache.ImportAsync("github", "123", null, "imported-secret-of-32-characters", CancellationToken.None);
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be("imported-secret-of-32-characters");

        await cache.DeleteAsync("github", "123", CancellationToken.None);
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_failed_write_through_the_cache_still_drops_its_entry()
    {
        var cache = UnstartedCache();
        await cache.RegisterAsync("github", "123", null, CancellationToken.None);
        await cache.GetForVerificationAsync("github", "123", CancellationToken.None);
        await RemoveBehindTheRegistrysBackAsync("github:123");

        var rotate = () => cache.RotateAsync("github", "123", CancellationToken.None);

        await rotate.Should().ThrowAsync<HookNotFoundException>();
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_time_to_live_of_zero_turns_the_cache_off()
    {
        await RegisterBeforeStartingAsync();
        var cache = await StartedCacheAsync(new HookCacheOptions { TimeToLive = TimeSpan.Zero });
        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().NotBeNull();
        await RemoveBehindTheRegistrysBackAsync("github:123");

        (await cache.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().BeNull();
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task Loading_more_hooks_than_the_maximum_clears_the_cache_and_every_lookup_stays_right()
    {
        var secrets = new List<string>();
        foreach (var repoId in new[] { "1", "2", "3" })
        {
            secrets.Add((await new RedisHookRegistry(_store).RegisterAsync("github", repoId, null, CancellationToken.None)).Secret);
        }

        var cache = await StartedCacheAsync(new HookCacheOptions { TimeToLive = TimeToLive, MaxEntries = 2 });

        foreach (var (repoId, secret) in new[] { "1", "2", "3" }.Zip(secrets))
        {
            (await cache.GetForVerificationAsync("github", repoId, CancellationToken.None))!.Secret.Should().Be(secret);
        }

        cache.Count.Should().Be(1, "the third load found the cache full and cleared it");
        await RemoveBehindTheRegistrysBackAsync("github:1");
        (await cache.GetForVerificationAsync("github", "1", CancellationToken.None)).Should().BeNull("the cleared entry is read from Redis again");
    }

    [Fact]
    public async Task Disposing_one_cache_leaves_another_on_the_same_connection_subscribed()
    {
        await RegisterBeforeStartingAsync();
        var first = await StartedCacheAsync();
        var second = await StartedCacheAsync();
        await second.GetForVerificationAsync("github", "123", CancellationToken.None);

        await first.DisposeAsync();
        var rotated = await new RedisHookRegistry(_otherProcess).RotateAsync("github", "123", CancellationToken.None);

        await Eventually.HoldsAsync(
            async () => (await second.GetForVerificationAsync("github", "123", CancellationToken.None))?.Secret == rotated.Secret,
            Deadline,
            "the remaining cache to hear the rotation");
        (await first.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(rotated.Secret, "a disposed cache reads Redis");
    }

    [Fact]
    public async Task Every_write_is_announced_with_the_hooks_field()
    {
        var registry = new RedisHookRegistry(_otherProcess);
        var heard = await Subscriptions.SubscribeWhenReadyAsync(_store.Connection.GetSubscriber(), RedisChannel.Literal($"{_store.KeyPrefix}:{{hooks}}:changed"));

        await registry.RegisterAsync("github", "a.b", null, CancellationToken.None);
        await registry.RotateAsync("github", "a.b", CancellationToken.None);
        await registry.ImportAsync("github", "a.b", null, "a-secret-of-16-chars", CancellationToken.None);
        await registry.DeleteAsync("github", "a.b", CancellationToken.None);

        using var timeout = new CancellationTokenSource(Deadline);
        var messages = new List<string>();
        while (messages.Count < 4)
        {
            messages.Add((await heard.ReadAsync(timeout.Token)).Message!);
        }

        await heard.UnsubscribeAsync();

        messages.Should().Equal("github:a.b", "github:a.b", "github:a.b", "github:a.b");
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        var negative = () => new CachingHookRegistry(new RedisHookRegistry(_store), _store, new HookCacheOptions { TimeToLive = TimeSpan.FromSeconds(-1) });
        var empty = () => new CachingHookRegistry(new RedisHookRegistry(_store), _store, new HookCacheOptions { MaxEntries = 0 });

        negative.Should().Throw<ArgumentOutOfRangeException>();
        empty.Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>
    /// Registers github/123 before any cache listens: a cache's own write would be announced back to it, and that echo
    /// could drop an entry the test has just loaded.
    /// </summary>
    private Task<HookWithSecret> RegisterBeforeStartingAsync() =>
        new RedisHookRegistry(_store).RegisterAsync("github", "123", null, CancellationToken.None);

    private CachingHookRegistry UnstartedCache(HookCacheOptions? options = null)
    {
        var cache = new CachingHookRegistry(new RedisHookRegistry(_store), _store, options ?? new HookCacheOptions { TimeToLive = TimeToLive });
        _caches.Add(cache);
        return cache;
    }

    private async Task<CachingHookRegistry> StartedCacheAsync(HookCacheOptions? options = null)
    {
        var cache = UnstartedCache(options);
        await cache.StartAsync(CancellationToken.None);
        return cache;
    }

    /// <summary>Deletes the hook's field directly, with no announcement: only a lookup that reaches Redis can notice.</summary>
    private Task RemoveBehindTheRegistrysBackAsync(string field) =>
        _store.Database.HashDeleteAsync($"{_store.KeyPrefix}:{{hooks}}:all", field);
}

public sealed class CachingHookRegistryTests_on_redis(RedisServerBackend backend) : CachingHookRegistryTests(backend), IClassFixture<RedisServerBackend>;

public sealed class CachingHookRegistryTests_on_redis_cluster(RedisClusterBackend backend) : CachingHookRegistryTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class CachingHookRegistryTests_on_garnet(GarnetBackend backend) : CachingHookRegistryTests(backend), IClassFixture<GarnetBackend>;
