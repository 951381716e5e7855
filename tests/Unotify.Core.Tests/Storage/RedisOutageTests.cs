using System.Diagnostics;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>Runs against a redis-server of its own that it stops and starts; the shared servers cannot be stopped.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private readonly PrivateRedisServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Opening_a_store_on_a_closed_port_succeeds_and_calls_fail_fast_as_unavailable()
    {
        await _server.StopAsync();
        var stopwatch = Stopwatch.StartNew();
        await using var store = await RedisStore.OpenAsync(Options());

        var enqueue = () => new RedisWorkerQueue(store, "atlassian").EnqueueAsync(SomeEvents.PullRequestMerged(), CancellationToken.None);

        (await enqueue.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().StartWith("Redis is unavailable: could not queue a job for worker atlassian");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        (await store.PingAsync(CancellationToken.None)).Should().BeFalse();
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
        var enqueue = () => queue.EnqueueAsync(SomeEvents.PullRequestMerged("during-outage"), CancellationToken.None);
        await enqueue.Should().ThrowAsync<StoreUnavailableException>();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));

        await _server.StartAsync();
        await Eventually.HoldsAsync(() => store.PingAsync(CancellationToken.None), TimeSpan.FromSeconds(20), "the client to reconnect");
        await queue.EnqueueAsync(SomeEvents.PullRequestMerged("after-outage"), CancellationToken.None);

        (await processed.Task.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be("after-outage");
    }

    private StoreOptions Options() => new()
    {
        ConnectionString = _server.ConnectionString,
        SecretKey = TestStores.SecretKey,
        KeyPrefix = TestStores.UniquePrefix(),
        Timeout = TimeSpan.FromSeconds(1),
    };
}
