using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>A worker's queue spread over partitions (<c>partitions: N</c>), on a single server, a cluster and Garnet.</summary>
public abstract class PartitionedQueueTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int Partitions = 8;
    private static readonly QueueOptions Options = new() { LeaseTime = TimeSpan.FromSeconds(30), MaxAttempts = 2, Partitions = Partitions };
    private readonly AdjustableClock _clock = new();
    private RedisStore _store = null!;
    private RedisWorkerQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend, _clock);
        _queue = new RedisWorkerQueue(_store, "atlassian", Options);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Deliveries_are_spread_over_the_partitions_and_every_one_is_fetched_once()
    {
        var sent = await RouteAsync(80);

        var fetched = await FetchAllAsync(7);

        fetched.Select(leased => leased.Job.Event.DeliveryId).Should().BeEquivalentTo(sent.Select(e => e.DeliveryId));
        fetched.Select(leased => leased.Partition).Distinct().Should().HaveCount(Partitions, "80 deliveries hash to every one of 8 partitions");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 80, 0));
        var byPartition = await _queue.CountByPartitionAsync(CancellationToken.None);
        byPartition.Select(counts => counts.Leased).Should().Equal(
            Enumerable.Range(0, Partitions).Select(partition => (long)fetched.Count(leased => leased.Partition == partition)));
        foreach (var leased in fetched)
        {
            (await _queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
        }

        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task A_partitioned_workers_keys_land_on_every_node_of_the_store()
    {
        // Six partitions reach all three nodes of a cluster whatever the worker's name (see PartitionTagTests).
        var queue = new RedisWorkerQueue(_store, "spread", Options with { Partitions = 6 });
        for (var i = 0; i < 120; i++)
        {
            await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        }

        var nodes = new HashSet<string>(StringComparer.Ordinal);
        for (var partition = 0; partition < 6; partition++)
        {
            if (await _store.Database.SortedSetLengthAsync(queue.KeysOf(partition).Due) > 0)
            {
                nodes.Add(_store.Database.IdentifyEndpoint(queue.KeysOf(partition).Due)!.ToString()!);
            }
        }

        var primaries = _store.Connection.GetServers().Count(server => !server.IsReplica);
        nodes.Should().HaveCount(primaries, $"the queue's partitions are spread over all {primaries} node(s)");
    }

    [Fact]
    public async Task A_delivery_sent_again_is_a_duplicate_in_its_own_partition()
    {
        var sent = SomeEvents.PullRequestMerged();
        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeFalse();

        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeTrue();
        var leased = (await FetchAllAsync(10)).Should().ContainSingle().Subject;
        leased.Partition.Should().Be(QueuePartition.Of(sent, Partitions));
        (await _queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeTrue("the settled mark stays in the delivery's partition");
    }

    [Fact]
    public async Task Each_fetch_starts_at_the_next_partition_so_none_is_starved()
    {
        // A backlog in every partition: one job per fetch must come from each partition in turn.
        await RouteAsync(120);

        var partitions = new List<int>();
        for (var i = 0; i < Partitions; i++)
        {
            partitions.Add((await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Should().ContainSingle().Subject.Partition);
        }

        partitions.Should().OnlyHaveUniqueItems().And.HaveCount(Partitions);
    }

    [Fact]
    public async Task Retries_and_dead_letters_stay_in_the_jobs_partition_and_the_tools_see_every_partition()
    {
        await RouteAsync(24);
        var deadLettered = await FetchAllAsync(24);
        foreach (var leased in deadLettered)
        {
            (await _queue.DeadLetterAsync(leased, $"no {leased.Job.Event.DeliveryId}", CancellationToken.None)).Should().BeTrue();
            _clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        // The dead-letter tools know the worker's name alone, as `unotify dead` does.
        var dead = new RedisDeadLetterStore(_store, ["atlassian"]);
        var newestFirst = new List<DeadLetter>();
        for (var offset = 0; offset < 30; offset += 5)
        {
            newestFirst.AddRange(await dead.ListAsync("atlassian", offset, 5, CancellationToken.None));
        }

        newestFirst.Select(letter => letter.Job.Event.DeliveryId).Should().Equal(deadLettered.Select(leased => leased.Job.Event.DeliveryId).Reverse(), "pages are cut from all partitions, newest first");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 24));

        var one = newestFirst[^1];
        (await dead.ReplayAsync("atlassian", one.Job.Id, CancellationToken.None)).Should().BeTrue();
        var replayed = (await FetchAllAsync(10)).Should().ContainSingle().Subject;
        (replayed.Job.Id, replayed.Partition).Should().Be((one.Job.Id, QueuePartition.Of(one.Job.Event, Partitions)));
        (await _queue.RetryAsync(replayed, "later", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
        (await FetchAllAsync(10)).Should().ContainSingle().Which.Job.LastError.Should().Be("later");

        (await dead.ReplayAllAsync("atlassian", CancellationToken.None)).Should().Be(23);
        (await FetchAllAsync(30)).Should().HaveCount(23);
        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
        foreach (var leased in await FetchAllAsync(30))
        {
            (await _queue.DeadLetterAsync(leased, "again", CancellationToken.None)).Should().BeTrue();
        }

        (await dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(24);
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task Lowering_the_partitions_still_drains_the_partitions_left_over()
    {
        var sent = await RouteAsync(40);

        // The worker restarted with partitions: 1 (or without the key): its consumer still finds the 40 jobs.
        var lowered = new RedisWorkerQueue(_store, "atlassian", Options with { Partitions = 1 });
        var fetched = new List<LeasedJob>();
        for (var i = 0; i < 20 && fetched.Count < 40; i++)
        {
            fetched.AddRange((await lowered.FetchAsync(10, CancellationToken.None)).Jobs);
        }

        fetched.Select(leased => leased.Job.Event.DeliveryId).Should().BeEquivalentTo(sent.Select(e => e.DeliveryId));
        (await lowered.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 40, 0));
    }

    [Fact]
    public async Task A_running_consumer_finds_partitions_another_replica_routes_to_within_the_recheck()
    {
        var narrow = new RedisWorkerQueue(_store, "atlassian", Options with { Partitions = 1 });
        (await narrow.FetchAsync(10, CancellationToken.None)).Jobs.Should().BeEmpty();

        // A replica with partitions: 8 (a rolling change) routes 40 deliveries; this one still fetches partition 0 alone.
        var sent = await RouteAsync(40);
        var before = (await narrow.FetchAsync(100, CancellationToken.None)).Jobs;
        foreach (var leased in before)
        {
            (await narrow.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
        }

        _clock.Advance(TimeSpan.FromSeconds(31));
        var after = (await narrow.FetchAsync(100, CancellationToken.None)).Jobs;

        before.Should().OnlyContain(leased => leased.Partition == 0);
        before.Concat(after).Select(leased => leased.Job.Event.DeliveryId).Should().BeEquivalentTo(sent.Select(e => e.DeliveryId));
    }

    [Fact]
    public async Task A_record_of_partitions_that_is_not_a_count_is_reported_with_what_to_do()
    {
        await _store.Database.StringSetAsync(_queue.Keys.PartitionsUsed, "many");

        var counting = () => _queue.CountAsync(CancellationToken.None);
        var routing = () => _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());

        (await counting.Should().ThrowAsync<InvalidDataException>()).WithMessage("*partitions* holds 'many', not a partition count (1-64)*set it to the most 'partitions:'*");
        await routing.Should().ThrowAsync<InvalidDataException>().WithMessage("*holds 'many'*");
    }

    [Fact]
    public async Task A_worker_without_partitions_writes_no_record_and_keeps_its_keys()
    {
        var plain = new RedisWorkerQueue(_store, "plain", Options with { Partitions = 1 });
        await plain.RouteToAsync(_store, SomeEvents.PullRequestMerged());

        (await _store.Database.KeyExistsAsync(plain.Keys.PartitionsUsed)).Should().BeFalse();
        (await _store.Database.SortedSetLengthAsync(plain.Keys.Due)).Should().Be(1);
        plain.KeysOf(0).Should().BeSameAs(plain.Keys);
    }

    private async Task<List<WebhookEvent>> RouteAsync(int count)
    {
        var sent = new List<WebhookEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var webhookEvent = SomeEvents.PullRequestMerged($"d-{i:D3}-{Guid.NewGuid():N}");
            (await _queue.RouteToAsync(_store, webhookEvent)).IsDuplicate.Should().BeFalse();
            sent.Add(webhookEvent);
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        return sent;
    }

    private async Task<List<LeasedJob>> FetchAllAsync(int batch)
    {
        var fetched = new List<LeasedJob>();
        while (true)
        {
            var jobs = (await _queue.FetchAsync(batch, CancellationToken.None)).Jobs;
            if (jobs.Count == 0)
            {
                return fetched;
            }

            fetched.AddRange(jobs);
        }
    }
}

public sealed class PartitionedQueueTests_on_redis(RedisServerBackend backend) : PartitionedQueueTests(backend), IClassFixture<RedisServerBackend>;

public sealed class PartitionedQueueTests_on_redis_cluster(RedisClusterBackend backend) : PartitionedQueueTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class PartitionedQueueTests_on_garnet(GarnetBackend backend) : PartitionedQueueTests(backend), IClassFixture<GarnetBackend>;
