using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public abstract class SharedCacheTests(IStoreBackend backend) : IAsyncLifetime
{
    private RedisStore _store = null!;
    private RedisSharedCache _cache = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend);
        _cache = new RedisSharedCache(_store, "atlassian");
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_stored_value_is_read_back_until_it_expires()
    {
        await _cache.SetAsync("transitions:SOC:To Do", """[{"id":"11"}]""", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        (await _cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().Be("""[{"id":"11"}]""");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await _cache.GetAsync("transitions:SOC:To Do", CancellationToken.None) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        (await _cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Values_are_scoped_per_worker()
    {
        await _cache.SetAsync("k", "v", TimeSpan.FromMinutes(1), CancellationToken.None);

        (await new RedisSharedCache(_store, "slack").GetAsync("k", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Bad_arguments_are_argument_errors()
    {
        await FluentActions.Awaiting(() => _cache.GetAsync("", CancellationToken.None)).Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "key");
        await FluentActions.Awaiting(() => _cache.SetAsync("k", new string('v', RedisSharedCache.MaxValueLength + 1), TimeSpan.FromMinutes(1), CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "value");
        await FluentActions.Awaiting(() => _cache.SetAsync("k", "v", TimeSpan.FromSeconds(-1), CancellationToken.None))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().Where(e => e.ParamName == "timeToLive");
        FluentActions.Invoking(() => new RedisSharedCache(_store, "a b")).Should().Throw<ArgumentException>().Where(e => e.ParamName == "worker");
    }
}

public sealed class SharedCacheTests_on_redis(RedisServerBackend backend) : SharedCacheTests(backend), IClassFixture<RedisServerBackend>;

public sealed class SharedCacheTests_on_redis_cluster(RedisClusterBackend backend) : SharedCacheTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class SharedCacheTests_on_garnet(GarnetBackend backend) : SharedCacheTests(backend), IClassFixture<GarnetBackend>;
