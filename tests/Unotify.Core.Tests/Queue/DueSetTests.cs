using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A partition's due jobs are spread over <see cref="WorkerKeys.DueSetCount"/> sorted sets (one large set stalls the
/// embedded Garnet's compaction), and a fetch still takes them earliest due first, as one queue.
/// </summary>
public abstract class DueSetTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly QueueOptions Options = new() { LeaseTime = TimeSpan.FromSeconds(30), MaxAttempts = 5 };
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
    public async Task The_scripts_pick_the_same_due_set_for_an_id_as_the_queue_does()
    {
        // The ids the queue makes (version 7 GUIDs), and ids it never makes but a store may hold (tests, other tools).
        string[] ids =
        [
            .. Enumerable.Range(0, 400).Select(_ => Guid.CreateVersion7().ToString("N")),
            "", "a", "bad", "job-1", "ünïcödé-id", new string('z', 300), "0190a1b2c3d47e8f9a0b1c2d3e4f5a6b",
        ];
        var script = QueueScripts.DueFunctions + "local out = {} for i = 1, #ARGV do out[i] = due_set('', ARGV[i]) end return out";

        var picked = (string[])(await _store.Database.ScriptEvaluateAsync(script, [], [.. ids.Select(id => (RedisValue)id)]))!;

        picked.Should().Equal(ids.Select(id => WorkerKeys.DueBucketOf(id).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        picked.Take(400).Distinct().Should().HaveCount(WorkerKeys.DueSetCount, "400 of the queue's ids reach every set");
    }

    [Fact]
    public async Task A_backlog_is_spread_over_the_due_sets_and_fetched_earliest_first_as_one_queue()
    {
        var sent = new List<string>();
        for (var i = 0; i < 64; i++)
        {
            sent.Add($"d{i:00}");
            await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged(sent[^1]));
            _clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        var sizes = await SizesAsync();
        sizes[0].Should().Be(0, "the one due set of earlier releases is never written");
        sizes.Skip(1).Count(size => size > 0).Should().BeGreaterThan(10, "a hash of the job id spreads 64 jobs over most of 16 sets");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(64, 0, 0));

        var fetched = new List<string>();
        for (var round = 0; round < 13; round++)
        {
            var batch = await _queue.FetchAsync(5, CancellationToken.None);
            batch.Jobs.Should().HaveCountLessThanOrEqualTo(5);
            fetched.AddRange(batch.Jobs.Select(leased => leased.Job.Event.DeliveryId));
            batch.NextDueAt.Should().NotBeNull("jobs are still due, or leased until their leases end");
        }

        fetched.Should().Equal(sent, "a fetch merges the sets by due time");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 64, 0));
    }

    [Fact]
    public async Task Jobs_due_in_the_same_millisecond_in_many_sets_are_each_fetched_once()
    {
        var sent = Enumerable.Range(0, 50).Select(i => $"same-{i:00}").ToList();
        await Task.WhenAll(sent.Select(id => _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged(id))));

        var fetched = new List<string>();
        for (var round = 0; round < 20 && fetched.Count < sent.Count; round++)
        {
            fetched.AddRange((await _queue.FetchAsync(3, CancellationToken.None)).Jobs.Select(leased => leased.Job.Event.DeliveryId));
        }

        fetched.Should().BeEquivalentTo(sent).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_retry_waits_in_its_own_set_while_jobs_due_in_others_are_fetched_and_sets_the_next_due_time()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("failing"));
        var failing = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await _queue.RetryAsync(failing, "Jira answered 503", TimeSpan.FromSeconds(10), AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
        (await _store.Database.SortedSetScoreAsync(_queue.Keys.DueSetOf(failing.Job.Id), failing.Job.Id)).Should().BeApproximately(
            _clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds(), 2_000, "a retry is due in the job's own set");

        var others = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            others.Add($"other-{i:00}");
            await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged(others[^1]));
        }

        var fetched = await _queue.FetchAsync(100, CancellationToken.None);
        fetched.Jobs.Select(leased => leased.Job.Event.DeliveryId).Should().BeEquivalentTo(others, "the retry is not due yet");
        await Task.WhenAll(fetched.Jobs.Select(leased => _queue.AckAsync(leased, CancellationToken.None)));

        var waiting = await _queue.FetchAsync(100, CancellationToken.None);
        waiting.Jobs.Should().BeEmpty();
        waiting.NextDueAt.Should().BeCloseTo(_clock.GetUtcNow().AddSeconds(10), TimeSpan.FromSeconds(1), "the next due time is the earliest over every set");

        _clock.Advance(TimeSpan.FromSeconds(11));
        var again = (await _queue.FetchAsync(100, CancellationToken.None)).Jobs.Single();
        (again.Job.Event.DeliveryId, again.Job.Attempt).Should().Be(("failing", 2));
    }

    [Fact]
    public async Task A_backlog_an_earlier_release_left_in_one_set_is_fetched_with_the_new_jobs_in_due_order()
    {
        // As an earlier release queued them: the job, and its id in the one due set.
        var old = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged($"old-{i}"));
            old.Add($"old-{i}");
            _clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        foreach (var set in _queue.Keys.DueSets.Skip(1))
        {
            foreach (var entry in await _store.Database.SortedSetRangeByRankWithScoresAsync(set))
            {
                await _store.Database.SortedSetAddAsync(_queue.Keys.Due, entry.Element, entry.Score);
                await _store.Database.SortedSetRemoveAsync(set, entry.Element);
            }
        }

        (await SizesAsync())[0].Should().Be(6);
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("new-0"));
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("new-1"));
        (await _queue.CountAsync(CancellationToken.None)).Due.Should().Be(8);

        var fetched = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            fetched.AddRange((await _queue.FetchAsync(2, CancellationToken.None)).Jobs.Select(leased => leased.Job.Event.DeliveryId));
        }

        fetched.Should().Equal([.. old, "new-0", "new-1"]);
        (await SizesAsync()).Sum().Should().Be(0);
    }

    [Fact]
    public async Task A_job_whose_lease_ran_out_goes_back_to_its_own_due_set()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("held"));
        var held = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("earlier"));
        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));

        // The script returns the expired lease to the set it picks for the id, due now: after "earlier", which this
        // fetch of one takes, so the returned job stays where the script put it.
        var fetched = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        fetched.Job.Event.DeliveryId.Should().Be("earlier");
        var score = await _store.Database.SortedSetScoreAsync(_queue.Keys.DueSetOf(held.Job.Id), held.Job.Id);
        score.Should().BeApproximately(_clock.GetUtcNow().ToUnixTimeMilliseconds(), 2_000, "the job is due again, in its own set");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(1, 1, 0));
        var again = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (again.Job.Event.DeliveryId, again.Job.Attempt).Should().Be(("held", 2));
    }

    private Task<long[]> SizesAsync() => Task.WhenAll(_queue.Keys.DueSets.Select(set => _store.Database.SortedSetLengthAsync(set)));
}

public sealed class DueSetTests_on_redis(RedisServerBackend backend) : DueSetTests(backend), IClassFixture<RedisServerBackend>;

public sealed class DueSetTests_on_redis_cluster(RedisClusterBackend backend) : DueSetTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class DueSetTests_on_garnet(GarnetBackend backend) : DueSetTests(backend), IClassFixture<GarnetBackend>;
