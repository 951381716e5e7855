using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A worker with <c>after: jira</c> gets its job for a delivery when jira's job for it settles, carrying jira's outcome,
/// durably and once: on a redis-server, a Redis Cluster (where the two queues live in different slots) and the
/// embedded Garnet.
/// </summary>
public abstract class FollowUpTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly QueueOptions Options = new() { LeaseTime = TimeSpan.FromSeconds(30), MaxAttempts = 100 };
    private static readonly ItemOutcome Moved = new("SOC-1", ItemOutcomeKind.Moved, "To Do → In Progress") { From = "To Do", To = "In Progress" };
    private readonly AdjustableClock _clock = new();
    private RedisStore _store = null!;
    private int _round;

    public async Task InitializeAsync() => _store = await TestStores.OpenAsync(backend, _clock);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await AfterEachTestAsync();
    }

    /// <summary>Stops what the test started beside its store.</summary>
    /// <returns>A task that completes once it stopped.</returns>
    protected virtual ValueTask AfterEachTestAsync() => ValueTask.CompletedTask;

    /// <summary>A jira worker on <paramref name="jiraTakes"/> (every event by default) and a chat worker that follows it, each with names of their own.</summary>
    private (RedisEventRouter Router, RedisWorkerQueue Jira, RedisWorkerQueue Chat) Workers(EventFilter? jiraTakes = null, EventFilter? chatTakes = null)
    {
        _round++;
        var jira = Worker.Receiving(TestWorkers.Definition($"jira{_round}", jiraTakes, Options), _store);
        var chat = Worker.Receiving(TestWorkers.Definition($"chat{_round}", chatTakes, Options) with { After = jira.Name }, _store);
        return (new RedisEventRouter(_store, [jira, chat]), jira.Queue, chat.Queue);
    }

    /// <summary>A delivery routed to fresh workers and leased by jira's consumer; a large one has its payload stored in two parts.</summary>
    private async Task<(RedisWorkerQueue Jira, RedisWorkerQueue Chat, LeasedJob Leased)> LeasedByJiraAsync(string deliveryId, bool large = false)
    {
        var (router, jira, chat) = Workers();
        await router.RouteAsync(Delivery(deliveryId, large), CancellationToken.None);
        return (jira, chat, await FetchOneAsync(jira));
    }

    private async Task<int> PartCountAsync(RedisWorkerQueue queue)
    {
        var count = 0;
        foreach (var server in _store.Connection.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var _ in server.KeysAsync(pattern: queue.Keys.PartsPrefix + "*"))
            {
                count++;
            }
        }

        return count;
    }

    private static WebhookEvent Delivery(string deliveryId, bool large) => large
        ? SomeEvents.PullRequestMerged(deliveryId) with { Payload = Enumerable.Range(0, JobJson.PartBytes + 3).Select(i => (byte)(i * 31 % 251)).ToArray() }
        : SomeEvents.PullRequestMerged(deliveryId);

    private static async Task<LeasedJob> FetchOneAsync(RedisWorkerQueue queue) =>
        (await queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;

    [Fact]
    public async Task Partitioned_workers_relay_every_follow_up_from_and_into_their_partitions()
    {
        _round++;
        var jiraWorker = Worker.Receiving(TestWorkers.Definition($"jira{_round}", options: Options with { Partitions = 4 }), _store);
        var chatWorker = Worker.Receiving(TestWorkers.Definition($"chat{_round}", options: Options with { Partitions = 3 }) with { After = jiraWorker.Name }, _store);
        var router = new RedisEventRouter(_store, [jiraWorker, chatWorker]);
        var sent = Enumerable.Range(0, 24).Select(i => SomeEvents.PullRequestMerged($"p-{i}")).ToList();
        foreach (var delivery in sent)
        {
            await router.RouteAsync(delivery, CancellationToken.None);
        }

        var jiraJobs = await FetchAllAsync(jiraWorker.Queue);
        foreach (var leased in jiraJobs)
        {
            (await jiraWorker.Queue.AckAsync(leased, ProcessingResult.Done("moved", [Moved]), CancellationToken.None)).Should().BeTrue();
        }

        var chatJobs = await FetchAllAsync(chatWorker.Queue);
        jiraJobs.Select(leased => leased.Partition).Distinct().Should().HaveCount(4);
        chatJobs.Select(leased => leased.Partition).Distinct().Should().HaveCount(3);
        chatJobs.Select(leased => leased.Job.Event.DeliveryId).Should().BeEquivalentTo(sent.Select(delivery => delivery.DeliveryId));
        chatJobs.Should().OnlyContain(leased => leased.Job.Followed!.Items.Single().Subject == "SOC-1");
        (await router.RouteAsync(sent[0], CancellationToken.None)).IsDuplicate.Should().BeTrue();
    }

    private static async Task<List<LeasedJob>> FetchAllAsync(RedisWorkerQueue queue)
    {
        var fetched = new List<LeasedJob>();
        for (var jobs = (await queue.FetchAsync(10, CancellationToken.None)).Jobs; jobs.Count > 0; jobs = (await queue.FetchAsync(10, CancellationToken.None)).Jobs)
        {
            fetched.AddRange(jobs);
        }

        return fetched;
    }

    [Fact]
    public async Task The_follower_is_not_queued_at_ingest_but_when_the_followed_job_is_done_with_its_outcomes()
    {
        var (router, jira, chat) = Workers();
        var delivery = SomeEvents.PullRequestMerged("d-done");

        var routed = await router.RouteAsync(delivery, CancellationToken.None);

        routed.Workers.Should().Equal(jira.Worker);
        (await chat.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));

        (await jira.AckAsync(await FetchOneAsync(jira), ProcessingResult.Done("SOC-1: To Do → In Progress", [Moved]), CancellationToken.None)).Should().BeTrue();

        var followUp = (await FetchOneAsync(chat)).Job;
        followUp.Event.DeliveryId.Should().Be("d-done");
        followUp.Followed.Should().BeEquivalentTo(new FollowedOutcome(jira.Worker, false, "SOC-1: To Do → In Progress", [Moved]));
        (await _store.Database.HashLengthAsync(jira.Keys.Outbox)).Should().Be(0, "the relay emptied the outbox");
    }

    [Fact]
    public async Task A_large_delivery_s_follow_up_carries_the_whole_payload_and_the_followed_job_s_parts_go_with_it()
    {
        var (router, jira, chat) = Workers();
        var delivery = SomeEvents.PullRequestMerged("d-large") with { Payload = Enumerable.Range(0, (2 * JobJson.PartBytes) + 3).Select(i => (byte)(i * 31 % 251)).ToArray() };
        await router.RouteAsync(delivery, CancellationToken.None);

        (await jira.AckAsync(await FetchOneAsync(jira), ProcessingResult.Done("SOC-1: To Do → In Progress", [Moved]), CancellationToken.None)).Should().BeTrue();

        var followUp = (await FetchOneAsync(chat)).Job;
        followUp.Event.Payload.ToArray().Should().Equal(delivery.Payload.ToArray());
        (await PartCountAsync(jira)).Should().Be(0, "the followed job's parts went with it");
        (await PartCountAsync(chat)).Should().Be(3, "the follow-up has parts of its own, in its worker's slot");
    }

    [Fact]
    public async Task A_dead_lettered_followed_job_queues_the_follower_with_the_failure_and_its_items()
    {
        var (router, jira, chat) = Workers();
        await router.RouteAsync(SomeEvents.PullRequestMerged("d-dead"), CancellationToken.None);
        var failed = new ItemOutcome("SOC-1", ItemOutcomeKind.Failed, "Jira refused the transition");

        await jira.DeadLetterAsync(await FetchOneAsync(jira), "Jira said no", [failed], CancellationToken.None);

        (await FetchOneAsync(chat)).Job.Followed.Should().BeEquivalentTo(new FollowedOutcome(jira.Worker, true, "Jira said no", [failed]));
    }

    [Fact]
    public async Task The_follower_is_queued_at_ingest_without_an_outcome_when_the_followed_worker_does_not_take_the_event()
    {
        var (router, jira, chat) = Workers(jiraTakes: new EventFilter([new EventFilterRule("github", EventKinds.ReleasePublished)]));

        var routed = await router.RouteAsync(SomeEvents.PullRequestMerged("d-direct"), CancellationToken.None);

        routed.Workers.Should().Equal(chat.Worker);
        (await FetchOneAsync(chat)).Job.Followed.Should().BeNull();
    }

    [Fact]
    public async Task A_follower_that_does_not_take_the_event_gets_nothing_when_the_followed_job_settles()
    {
        var (router, jira, chat) = Workers(chatTakes: new EventFilter([new EventFilterRule("github", EventKinds.ReleasePublished)]));
        await router.RouteAsync(SomeEvents.PullRequestMerged("d-not-taken"), CancellationToken.None);

        await jira.AckAsync(await FetchOneAsync(jira), ProcessingResult.Done("moved", [Moved]), CancellationToken.None);

        (await chat.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
        (await _store.Database.HashLengthAsync(jira.Keys.Outbox)).Should().Be(0);
    }

    [Fact]
    public async Task A_redelivery_before_or_after_the_settle_queues_nothing_more_for_either_worker()
    {
        var (router, jira, chat) = Workers();
        var delivery = SomeEvents.PullRequestMerged("d-again");
        await router.RouteAsync(delivery, CancellationToken.None);
        (await router.RouteAsync(delivery, CancellationToken.None)).IsDuplicate.Should().BeTrue();
        await jira.AckAsync(await FetchOneAsync(jira), ProcessingResult.Done("moved", [Moved]), CancellationToken.None);
        await chat.AckAsync(await FetchOneAsync(chat), CancellationToken.None);

        (await router.RouteAsync(delivery, CancellationToken.None)).IsDuplicate.Should().BeTrue();

        (await jira.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
        (await chat.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task A_replay_of_the_delivery_runs_the_followed_worker_again_but_does_not_queue_the_follower_twice()
    {
        var (router, jira, chat) = Workers();
        var delivery = SomeEvents.PullRequestMerged("d-replayed");
        await router.RouteAsync(delivery, CancellationToken.None);
        await jira.AckAsync(await FetchOneAsync(jira), ProcessingResult.Done("moved", [Moved]), CancellationToken.None);
        await chat.AckAsync(await FetchOneAsync(chat), CancellationToken.None);

        var replayed = await router.ReplayAsync(delivery, CancellationToken.None);
        await jira.AckAsync(await FetchOneAsync(jira), ProcessingResult.Done("already moved", []), CancellationToken.None);

        replayed.Select(job => job.Worker).Should().Equal(jira.Worker);
        (await chat.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
        (await _store.Database.HashLengthAsync(jira.Keys.Outbox)).Should().Be(0);
    }

    [Fact]
    public async Task A_follow_up_that_cannot_be_read_or_whose_worker_no_longer_follows_is_dropped_by_the_fetch_saying_why()
    {
        var (_, jira, chat) = Workers();
        var stale = new Job("stale", chat.Worker, SomeEvents.PullRequestMerged("d-stale"), 1, DateTimeOffset.UnixEpoch, null);
        await _store.Database.HashSetAsync(jira.Keys.Outbox, [new("stale", JobJson.Serialize(stale)), new("garbage", "not a job")]);
        jira.Followers = []; // chat's after: was removed since the entry was written

        var fetched = await jira.FetchAsync(10, CancellationToken.None);

        fetched.DroppedFollowUps.Should().HaveCount(2)
            .And.ContainMatch($"follow-up garbage of worker {jira.Worker} cannot be read (*); it was deleted")
            .And.Contain($"follow-up stale of worker {jira.Worker} for delivery d-stale was for worker {chat.Worker}, which no longer follows {jira.Worker}; it was deleted");
        (await _store.Database.HashLengthAsync(jira.Keys.Outbox)).Should().Be(0);
        (await chat.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Theory]
    [InlineData(false, 6)] // the follow-up, the mark, the job, the attempts, the token and the lease
    [InlineData(true, 12)] // and first the follow-up's two staged parts renamed into place and their expiries removed, then the job's two parts deleted after it
    public async Task An_ack_cut_after_any_write_queues_the_follower_exactly_once_after_the_followed_job_runs_again(bool large, int writesOfAck)
    {
        for (var writes = 0; ; writes++)
        {
            var (jira, chat, leased) = await LeasedByJiraAsync($"d-cut-{large}-{writes}", large);

            var cut = await CrashPoint.RunAsync(_store, writes, static _ => true, () => jira.AckAsync(leased, ProcessingResult.Done("moved", [Moved]), CancellationToken.None));

            // The store came back: jira's job runs again if its ack was lost, and settles again, writing a second follow-up.
            _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
            foreach (var again in (await jira.FetchAsync(10, CancellationToken.None)).Jobs)
            {
                await jira.AckAsync(again, ProcessingResult.Done("moved", [Moved]), CancellationToken.None);
            }

            await jira.FetchAsync(10, CancellationToken.None); // relays what is left in the outbox
            var followUps = (await chat.FetchAsync(10, CancellationToken.None)).Jobs;
            followUps.Should().ContainSingle($"cut after {writes} write(s), the follower gets one job").Which.Job.Followed!.Items.Should().Equal(Moved);
            followUps[0].Job.Event.Payload.ToArray().Should().Equal(Delivery("d", large).Payload.ToArray());
            (await _store.Database.HashLengthAsync(jira.Keys.Outbox)).Should().Be(0);
            if (!cut)
            {
                writes.Should().Be(writesOfAck);
                (await PartCountAsync(jira)).Should().Be(0);
                return;
            }
        }
    }

    [Theory]
    [InlineData(false, 3)] // the mark, the due entry and the job
    [InlineData(true, 7)] // and the two staged parts renamed into place and their expiries removed
    public async Task A_relay_cut_after_any_write_of_the_followers_route_is_finished_by_the_next_fetch_once(bool large, int writesOfRoute)
    {
        for (var writes = 0; ; writes++)
        {
            var (jira, chat, leased) = await LeasedByJiraAsync($"d-relay-{large}-{writes}", large);

            var cut = await CrashPoint.RunAsync(_store, writes, static script => script == QueueScripts.Route, () => jira.AckAsync(leased, ProcessingResult.Done("moved", [Moved]), CancellationToken.None));

            // Two replicas of jira fetch: both find the follow-up waiting and relay it.
            await Task.WhenAll(jira.FetchAsync(10, CancellationToken.None), jira.FetchAsync(10, CancellationToken.None));
            (await chat.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle($"the relay cut after {writes} write(s) queues one job")
                .Which.Job.Event.Payload.ToArray().Should().Equal(Delivery("d", large).Payload.ToArray());
            (await _store.Database.HashLengthAsync(jira.Keys.Outbox)).Should().Be(0);
            (await PartCountAsync(jira)).Should().Be(0, "the relayed follow-up's parts went with its entry, the acknowledged job's with it");
            if (!cut)
            {
                writes.Should().Be(writesOfRoute);
                return;
            }
        }
    }
}

public sealed class FollowUpTests_on_redis(RedisServerBackend backend) : FollowUpTests(backend), IClassFixture<RedisServerBackend>;

public sealed class FollowUpTests_on_redis_cluster(RedisClusterBackend backend) : FollowUpTests(backend), IClassFixture<RedisClusterBackend>;

/// <remarks>Each test on a Garnet of its own: the part checks list keys with SCAN, which walks Garnet's whole log.</remarks>
public sealed class FollowUpTests_on_garnet : FollowUpTests
{
    private readonly PrivateGarnetBackend _backend;

    public FollowUpTests_on_garnet()
        : this(new PrivateGarnetBackend())
    {
    }

    private FollowUpTests_on_garnet(PrivateGarnetBackend backend)
        : base(backend) => _backend = backend;

    /// <inheritdoc />
    protected override ValueTask AfterEachTestAsync() => _backend.DisposeAsync();
}
