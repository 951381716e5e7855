using System.Diagnostics;
using Unotify.Core.Configuration;
using Unotify.Core.Limits;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Limits;

public abstract class RequestLimiterTests(IStoreBackend backend) : IAsyncLifetime
{
    private RedisStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.OpenAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Two_replicas_share_one_bucket_so_together_they_take_the_burst_then_the_rate()
    {
        var limit = new RateLimit(PerSecond: 20, Burst: 5);
        var replicas = new[] { new RedisRequestLimiter(_store, "atlassian", limit), new RedisRequestLimiter(_store, "atlassian", limit) };
        var taken = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(replicas.Select(async replica =>
        {
            for (var i = 0; i < 20; i++)
            {
                await replica.WaitAsync(CancellationToken.None);
                lock (taken)
                {
                    taken.Add(clock.Elapsed);
                }
            }
        }));

        // 40 turns: 5 at once, the other 35 at 20 per second: at least 1.75 s. Any window of one second holds at
        // most the rate plus the burst.
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1.6));
        taken.Sort();
        for (var i = 0; i < taken.Count; i++)
        {
            taken.Count(at => at >= taken[i] && at < taken[i] + TimeSpan.FromSeconds(1)).Should().BeLessThanOrEqualTo(20 + 5);
        }
    }

    [Fact]
    public async Task A_pause_set_by_one_replica_holds_the_others_even_without_a_rate()
    {
        var throttled = new RedisRequestLimiter(_store, "atlassian", limit: null);
        var other = new RedisRequestLimiter(_store, "atlassian", limit: null);
        await other.WaitAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // past the other replica's interval between reads of the pause

        await throttled.PauseAsync(TimeSpan.FromSeconds(1.5), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await other.WaitAsync(CancellationToken.None);

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1.2), "Jira asked the whole worker to wait 1.5 s");
    }

    [Fact]
    public async Task A_limiter_of_another_worker_is_not_slowed_by_this_one()
    {
        var limit = new RateLimit(PerSecond: 1, Burst: 1);
        await new RedisRequestLimiter(_store, "atlassian", limit).WaitAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();

        await new RedisRequestLimiter(_store, "slack", limit).WaitAsync(CancellationToken.None);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_waiting_turn_ends_when_the_attempt_is_cancelled()
    {
        var limiter = new RedisRequestLimiter(_store, "atlassian", new RateLimit(PerSecond: 0.01, Burst: 1));
        await limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await FluentActions.Awaiting(async () => await limiter.WaitAsync(cancel.Token)).Should().ThrowAsync<OperationCanceledException>();
    }
}

public sealed class RequestLimiterTests_on_redis(RedisServerBackend backend) : RequestLimiterTests(backend), IClassFixture<RedisServerBackend>;

public sealed class RequestLimiterTests_on_redis_cluster(RedisClusterBackend backend) : RequestLimiterTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class RequestLimiterTests_on_garnet(GarnetBackend backend) : RequestLimiterTests(backend), IClassFixture<GarnetBackend>;
