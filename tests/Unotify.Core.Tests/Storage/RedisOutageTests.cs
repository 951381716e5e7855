using System.Diagnostics;
using Unotify.Core.Queue;
using Unotify.Core.Registry;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>Runs against a redis-server of its own that it stops and starts; the shared servers cannot be stopped.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    /// <summary>Hands the one recording logger to every category.</summary>
    private sealed class OneLoggerFactory(Microsoft.Extensions.Logging.ILogger logger) : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    private readonly PrivateRedisServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Opening_a_store_on_a_closed_port_succeeds_and_calls_fail_fast_as_unavailable()
    {
        await _server.StopAsync();
        var stopwatch = Stopwatch.StartNew();
        await using var store = await RedisStore.OpenAsync(Options());

        var enqueue = () => new RedisWorkerQueue(store, "atlassian").RouteToAsync(store, SomeEvents.PullRequestMerged());

        (await enqueue.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().StartWith("Redis is unavailable: could not queue delivery ");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        (await store.PingAsync(CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Every_store_call_reports_an_unreachable_Redis_as_unavailable()
    {
        await _server.StopAsync();
        await using var store = await RedisStore.OpenAsync(Options());
        var calls = new Dictionary<string, Func<Task>>
        {
            ["register"] = () => new RedisHookRegistry(store).RegisterAsync("github", "1", null, CancellationToken.None),
            ["verify"] = () => new RedisHookRegistry(store).GetForVerificationAsync("github", "1", CancellationToken.None),
            ["list hooks"] = () => new RedisHookRegistry(store).ListAsync(null, CancellationToken.None),
            ["route"] = () => new RedisEventRouter(store, [TestWorkers.Receiving(store, "atlassian", EventFilter.Default)]).RouteAsync(SomeEvents.PullRequestMerged(), CancellationToken.None),
            ["route to nobody"] = () => new RedisEventRouter(store, []).RouteAsync(SomeEvents.PullRequestMerged(), CancellationToken.None),
            ["fetch"] = () => new RedisWorkerQueue(store, "atlassian").FetchAsync(1, CancellationToken.None),
            ["count"] = () => new RedisWorkerQueue(store, "atlassian").CountAsync(CancellationToken.None),
            ["dead letters"] = () => new RedisDeadLetterStore(store, ["atlassian"]).ListAsync("atlassian", 0, 10, CancellationToken.None),
            ["replay all"] = () => new RedisDeadLetterStore(store, ["atlassian"]).ReplayAllAsync("atlassian", CancellationToken.None),
            ["claim"] = () => new RedisIdempotencyStore(store, "atlassian", new LeasedJob(new Job("j", "atlassian", SomeEvents.PullRequestMerged(), 1, DateTimeOffset.UtcNow, null), "t")).ClaimAsync("k", "n", CancellationToken.None),
            ["cache"] = () => new RedisSharedCache(store, "atlassian").GetAsync("k", CancellationToken.None),
        };

        foreach (var (name, call) in calls)
        {
            await call.Should().ThrowAsync<StoreUnavailableException>(name);
        }
    }

    [Fact]
    public async Task Enqueue_fails_quickly_while_Redis_is_down_and_work_resumes_when_it_is_back()
    {
        await using var store = await RedisStore.OpenAsync(Options());
        var queue = new RedisWorkerQueue(store, "atlassian", new QueueOptions { MaxPollInterval = TimeSpan.FromMilliseconds(200) });
        var processed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = new WorkerConsumer(queue, new Queue.JobHandlerFromDelegate((job, _) =>
        {
            processed.TrySetResult(job.Event.DeliveryId);
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok"));
        }));
        await consumer.StartAsync(CancellationToken.None);

        await _server.StopAsync();
        var stopwatch = Stopwatch.StartNew();
        var enqueue = () => queue.RouteToAsync(store, SomeEvents.PullRequestMerged("during-outage"));
        await enqueue.Should().ThrowAsync<StoreUnavailableException>();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));

        await _server.StartAsync();
        await Eventually.HoldsAsync(() => store.PingAsync(CancellationToken.None), TimeSpan.FromSeconds(20), "the client to reconnect");
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("after-outage"));

        (await processed.Task.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be("after-outage");
    }

    [Fact]
    public async Task A_real_outage_under_calls_logs_one_warning_when_redis_goes_and_one_line_when_it_is_back_and_no_exception()
    {
        var log = new Unotify.Testing.Logging.RecordingLogger<RedisOutageTests>();
        await using var store = await RedisStore.OpenAsync(Options(), loggerFactory: new OneLoggerFactory(log));
        var queue = new RedisWorkerQueue(store, "atlassian");
        await queue.CountAsync(CancellationToken.None);

        await _server.StopAsync();
        for (var i = 0; i < 200; i++)
        {
            await FluentActions.Awaiting(() => queue.RouteToAsync(store, SomeEvents.PullRequestMerged())).Should().ThrowAsync<StoreUnavailableException>();
        }

        await _server.StartAsync();
        await Eventually.HoldsAsync(() => store.PingAsync(CancellationToken.None), TimeSpan.FromSeconds(20), "the client to reconnect");

        var lines = log.Entries.Where(line => line.EventId.Id != 5010).ToList(); // the start-up note that this Redis keeps no AOF
        lines.Select(line => line.EventId.Id).Should().Equal([5001, 5003], string.Join("\n", lines.Select(line => line.Message)));
        lines[1].Message.Should().Contain("reachable again").And.MatchRegex(@"\b(2\d\d) call\(s\) failed");
    }

    [Fact]
    public async Task Opening_a_redis_without_an_append_only_file_warns_that_a_crash_of_it_loses_what_was_answered()
    {
        var log = new Unotify.Testing.Logging.RecordingLogger<RedisOutageTests>();

        await using (await RedisStore.OpenAsync(Options(), loggerFactory: new OneLoggerFactory(log)))
        {
            log.Entries.Should().ContainSingle(entry => entry.EventId.Id == 5010).Which.Message.Should().Contain("appendonly yes");
        }

        using var data = new TemporaryDirectory();
        await using var persistent = new PrivateRedisServer(data.Path);
        await persistent.StartAsync();
        var quiet = new Unotify.Testing.Logging.RecordingLogger<RedisOutageTests>();
        await using (await RedisStore.OpenAsync(Options() with { ConnectionString = persistent.ConnectionString }, loggerFactory: new OneLoggerFactory(quiet)))
        {
            quiet.Entries.Should().BeEmpty();
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
