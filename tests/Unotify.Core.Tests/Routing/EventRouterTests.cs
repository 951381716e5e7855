using System.Collections.Concurrent;
using StackExchange.Redis;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Routing;

public abstract class EventRouterTests(IStoreBackend backend) : IAsyncLifetime
{
    private Worker Atlassian => TestWorkers.Receiving(_store, "atlassian", EventFilter.Default);
    private Worker Pushes => TestWorkers.Receiving(_store, "pushes", new EventFilter([new EventFilterRule("github", "push")]));
    private RedisStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.OpenAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Queues_one_job_for_each_worker_whose_filter_matches()
    {
        var everything = TestWorkers.Receiving(_store, "everything", new EventFilter([new EventFilterRule("*", "*")]));
        var router = new RedisEventRouter(_store, [Atlassian, Pushes, everything]);

        var outcome = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        outcome.IsDuplicate.Should().BeFalse();
        outcome.Workers.Should().Equal("atlassian", "everything");
        (await Queue("atlassian").CountAsync(CancellationToken.None)).Due.Should().Be(1);
        (await Queue("everything").CountAsync(CancellationToken.None)).Due.Should().Be(1);
        (await Queue("pushes").CountAsync(CancellationToken.None)).Due.Should().Be(0);
        var job = (await Queue("atlassian").FetchAsync(1, CancellationToken.None)).Jobs.Single().Job;
        job.Event.Should().BeEquivalentTo(SomeEvents.PullRequestMerged("d1"), options => options.Excluding(e => e.ReceivedAt).Excluding(e => e.Payload));
        job.Event.Payload.ToArray().Should().Equal(SomeEvents.PullRequestMerged("d1").Payload.ToArray());
    }

    [Fact]
    public async Task An_alert_goes_to_every_worker_that_names_unotify_but_never_to_the_worker_it_is_about_nor_to_a_star_filter()
    {
        var alerts = new EventFilter([new EventFilterRule(AlertEvents.Provider, AlertEvents.DeadLetter)]);
        var chat = TestWorkers.Receiving(_store, "chat", alerts);
        var pager = TestWorkers.Receiving(_store, "pager", alerts);
        var everything = TestWorkers.Receiving(_store, "everything", new EventFilter([new EventFilterRule("*", "*")]));
        var router = new RedisEventRouter(_store, [Atlassian, chat, pager, everything]);
        var job = new Job("j1", "chat", SomeEvents.PullRequestMerged("d1"), 3, DateTimeOffset.UtcNow, "Slack answered 404");
        var alert = AlertEvents.ForDeadLetter(job, "Slack answered 404", DateTimeOffset.UtcNow);

        var outcome = await router.RouteAlertAsync(alert, aboutWorker: "chat", CancellationToken.None);
        var again = await router.RouteAlertAsync(alert, aboutWorker: "chat", CancellationToken.None);

        outcome.Workers.Should().Equal("pager");
        again.IsDuplicate.Should().BeTrue("the alert's delivery id is the job's, so announcing it twice queues it once");
        using var payload = (await Queue("pager").FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Event.ParsePayload();
        payload.RootElement.GetProperty("worker").GetString().Should().Be("chat");
        payload.RootElement.GetProperty("reason").GetString().Should().Be("Slack answered 404");
        payload.RootElement.GetProperty("delivery_id").GetString().Should().Be("d1");
    }

    [Fact]
    public async Task A_repeated_delivery_is_a_duplicate_and_queues_nothing()
    {
        var router = new RedisEventRouter(_store, [Atlassian]);
        await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        var repeat = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        repeat.Should().BeEquivalentTo(new RouteOutcome(true, []));
        (await Queue("atlassian").CountAsync(CancellationToken.None)).Due.Should().Be(1);
    }

    [Fact]
    public async Task The_same_delivery_id_for_another_repo_or_provider_is_not_a_duplicate()
    {
        var everything = TestWorkers.Receiving(_store, "everything", new EventFilter([new EventFilterRule("*", "*")]));
        var router = new RedisEventRouter(_store, [everything]);
        await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        var otherRepo = await router.RouteAsync(SomeEvents.PullRequestMerged("d1") with { RepoId = "456" }, CancellationToken.None);
        var otherProvider = await router.RouteAsync(SomeEvents.PullRequestMerged("d1", provider: "gitlab"), CancellationToken.None);

        otherRepo.IsDuplicate.Should().BeFalse();
        otherProvider.IsDuplicate.Should().BeFalse();
    }

    [Fact]
    public async Task A_delivery_no_worker_takes_is_remembered_so_a_repeat_is_a_duplicate()
    {
        var router = new RedisEventRouter(_store, [Pushes]);

        var first = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);
        var repeat = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        first.Should().BeEquivalentTo(new RouteOutcome(false, []));
        repeat.IsDuplicate.Should().BeTrue();
    }

    [Fact]
    public async Task A_retried_delivery_after_a_partial_failure_completes_only_the_missing_workers()
    {
        // The first attempt reached only atlassian (as if the batch broke before the second worker's script ran).
        var everything = TestWorkers.Receiving(_store, "everything", new EventFilter([new EventFilterRule("*", "*")]));
        await new RedisEventRouter(_store, [Atlassian]).RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);
        var router = new RedisEventRouter(_store, [Atlassian, everything]);

        var retried = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);
        var again = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        retried.Should().BeEquivalentTo(new RouteOutcome(false, ["everything"]));
        again.IsDuplicate.Should().BeTrue();
        (await Queue("atlassian").CountAsync(CancellationToken.None)).Due.Should().Be(1);
        (await Queue("everything").CountAsync(CancellationToken.None)).Due.Should().Be(1);
    }

    [Fact]
    public async Task Deliveries_are_remembered_for_72_hours()
    {
        var router = new RedisEventRouter(_store, [Atlassian]);
        await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        var ttl = await _store.Database.KeyTimeToLiveAsync(_store.Keys.Worker("atlassian").Seen("github", "123", "d1"));

        ttl.Should().BeCloseTo(TimeSpan.FromHours(72), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Deliveries_are_remembered_for_the_window_the_store_was_opened_with()
    {
        await using var store = await RedisStore.OpenAsync(TestStores.OptionsFor(backend) with { DeduplicationWindow = TimeSpan.FromHours(1) });
        var router = new RedisEventRouter(store, [TestWorkers.Receiving(store, "atlassian", EventFilter.Default)]);
        await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        var ttl = await store.Database.KeyTimeToLiveAsync(store.Keys.Worker("atlassian").Seen("github", "123", "d1"));
        var again = await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);

        ttl.Should().BeCloseTo(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        again.IsDuplicate.Should().BeTrue();
    }

    [Fact]
    public async Task Bad_events_and_targets_are_argument_errors()
    {
        var router = new RedisEventRouter(_store, [Atlassian]);

        await FluentActions.Awaiting(() => router.RouteAsync(SomeEvents.PullRequestMerged("  "), CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().WithMessage("webhookEvent.DeliveryId is empty*");
        await FluentActions.Awaiting(() => router.RouteAsync(SomeEvents.PullRequestMerged() with { RepoId = new string('1', 300) }, CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().WithMessage("webhookEvent.RepoId is 300 characters long*");
        await FluentActions.Awaiting(() => router.RouteAsync(SomeEvents.PullRequestMerged(provider: "git:hub"), CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>();
        FluentActions.Invoking(() => new RedisEventRouter(_store, [Atlassian, Atlassian])).Should().Throw<ArgumentException>().WithMessage("*atlassian is listed twice*");
        FluentActions.Invoking(() => new RedisEventRouter(_store, [TestWorkers.Receiving(_store, "bad worker", EventFilter.Default)])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Wakes_the_consumers_only_for_a_job_that_finds_nothing_else_due_now()
    {
        var router = new RedisEventRouter(_store, [Atlassian]);
        var queue = Queue("atlassian");
        var wakeUps = new ConcurrentQueue<string>();
        var channel = RedisChannel.Literal(queue.Keys.WakeChannel);
        var subscriber = _store.Connection.GetSubscriber();
        await Subscriptions.SubscribeWhenReadyAsync(subscriber, channel, (_, message) => wakeUps.Enqueue(message!));
        try
        {
            await router.RouteAsync(SomeEvents.PullRequestMerged("d1"), CancellationToken.None);
            await router.RouteAsync(SomeEvents.PullRequestMerged("d2"), CancellationToken.None); // d1 is still due: no wake-up
            var firstTwo = (await queue.FetchAsync(10, CancellationToken.None)).Jobs;
            await router.RouteAsync(SomeEvents.PullRequestMerged("d3"), CancellationToken.None); // nothing due again
            var third = (await queue.FetchAsync(10, CancellationToken.None)).Jobs.Single();
            await queue.RetryAsync(third, "Jira answered 503", TimeSpan.FromMinutes(1), AttemptCount.Counted, CancellationToken.None); // wakes, as every retry does
            await router.RouteAsync(SomeEvents.PullRequestMerged("d4"), CancellationToken.None); // a later retry is not due now
            var fourth = (await queue.FetchAsync(10, CancellationToken.None)).Jobs.Single();

            // One connection delivers messages in the order they were published, so d2's would have come before d3's.
            await Eventually.HoldsAsync(() => Task.FromResult(wakeUps.Count >= 4), TimeSpan.FromSeconds(10), "four wake-ups");
            wakeUps.Should().Equal(firstTwo.First(leased => leased.Job.Event.DeliveryId == "d1").Job.Id, third.Job.Id, third.Job.Id, fourth.Job.Id);
        }
        finally
        {
            await subscriber.UnsubscribeAsync(channel);
        }
    }

    [Fact]
    public async Task Concurrent_deliveries_each_store_their_own_payload()
    {
        // Stored forms are built in pooled buffers: one given back too early would be refilled by another delivery
        // and stored under the wrong job.
        var router = new RedisEventRouter(_store, [Atlassian]);
        var events = Enumerable.Range(0, 200)
            .Select(i => SomeEvents.PullRequestMerged($"c{i}") with { Payload = System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string((char)('a' + (i % 26)), 20_000 + i)}\"}}") })
            .ToList();

        await Task.WhenAll(events.Select(e => Task.Run(() => router.RouteAsync(e, CancellationToken.None))));

        var fetched = await Queue("atlassian").FetchAsync(1000, CancellationToken.None);
        fetched.Jobs.Should().HaveCount(200);
        fetched.Jobs.Select(j => (j.Job.Event.DeliveryId, Convert.ToHexString(j.Job.Event.Payload.Span))).Should()
            .BeEquivalentTo(events.Select(e => (e.DeliveryId, Convert.ToHexString(e.Payload.Span))));
    }

    private RedisWorkerQueue Queue(string worker) => new(_store, worker);
}

public sealed class EventRouterTests_on_redis(RedisServerBackend backend) : EventRouterTests(backend), IClassFixture<RedisServerBackend>;

public sealed class EventRouterTests_on_redis_cluster(RedisClusterBackend backend) : EventRouterTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class EventRouterTests_on_garnet(GarnetBackend backend) : EventRouterTests(backend), IClassFixture<GarnetBackend>;
