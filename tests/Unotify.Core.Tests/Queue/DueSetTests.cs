using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A partition's due jobs stay in one sorted set until it holds <see cref="WorkerKeys.DueFirstSetMost"/>, then spill
/// into <see cref="WorkerKeys.DueOverflowSetCount"/> overflow sets (one large set stalls the embedded Garnet's
/// compaction), and a fetch still takes them earliest due first, as one queue.
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
    public async Task The_scripts_pick_the_same_overflow_set_for_an_id_as_the_queue_does()
    {
        // The ids the queue makes (version 7 GUIDs), and ids it never makes but a store may hold (tests, other tools).
        string[] ids =
        [
            .. Enumerable.Range(0, 400).Select(_ => Guid.CreateVersion7().ToString("N")),
            "", "a", "bad", "job-1", "ünïcödé-id", new string('z', 300), "0190a1b2c3d47e8f9a0b1c2d3e4f5a6b",
        ];
        var script = QueueScripts.DueFunctions + "local out = {} for i = 1, #ARGV do out[i] = due_bucket(ARGV[i]) end return out";

        var picked = (long[])(await _store.Database.ScriptEvaluateAsync(script, [], [.. ids.Select(id => (RedisValue)id)]))!;

        picked.Should().Equal(ids.Select(id => (long)WorkerKeys.DueOverflowBucketOf(id)));
        picked.Take(400).Distinct().Should().HaveCount(WorkerKeys.DueOverflowSetCount, "400 of the queue's ids reach every set");
    }

    [Fact]
    public async Task Jobs_are_due_in_the_first_set_until_it_holds_a_thousand_then_spill_into_their_overflow_sets()
    {
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost - 1);
        var last = await RouteAsync("last-in-the-first-set");
        var spilled = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            spilled.Add(await RouteAsync($"spilled-{i:00}"));
        }

        (await _store.Database.SortedSetScoreAsync(_queue.Keys.Due, last)).Should().NotBeNull();
        (await _store.Database.SortedSetLengthAsync(_queue.Keys.Due)).Should().Be(WorkerKeys.DueFirstSetMost);
        spilled.Should().OnlyContain(id => _store.Database.SortedSetScore(_queue.Keys.DueOverflowOf(id), id).HasValue);
        (await SizesAsync()).Skip(1).Count(size => size > 0).Should().BeGreaterThan(10, "a hash of the job id spreads 40 jobs over most of 16 sets");
        (await _queue.CountAsync(CancellationToken.None)).Due.Should().Be(WorkerKeys.DueFirstSetMost + 40);
    }

    [Fact]
    public async Task A_spilled_backlog_is_fetched_earliest_first_as_one_queue()
    {
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost);
        var sent = new List<string>();
        for (var i = 0; i < 64; i++)
        {
            sent.Add($"d{i:00}");
            await RouteAsync(sent[^1]);
            _clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        // Small fetches, then one that takes more from some sets than it first reads of them.
        var fetched = new List<string>();
        foreach (var size in new[] { 5, 5, 5, 40, 5, 5 })
        {
            var batch = await _queue.FetchAsync(size, CancellationToken.None);
            batch.Jobs.Should().HaveCountLessThanOrEqualTo(size);
            fetched.AddRange(batch.Jobs.Select(leased => leased.Job.Event.DeliveryId));
        }

        fetched.Should().Equal(sent, "a fetch merges the sets by due time");
        (await SizesAsync()).Skip(1).Sum().Should().Be(0);
    }

    [Fact]
    public async Task Spilled_jobs_due_in_the_same_millisecond_are_each_fetched_once()
    {
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost);
        var sent = Enumerable.Range(0, 50).Select(i => $"same-{i:00}").ToList();
        await Task.WhenAll(sent.Select(RouteAsync));

        var fetched = new List<string>();
        for (var round = 0; round < 20 && fetched.Count < sent.Count; round++)
        {
            fetched.AddRange((await _queue.FetchAsync(3, CancellationToken.None)).Jobs.Select(leased => leased.Job.Event.DeliveryId));
        }

        fetched.Should().BeEquivalentTo(sent).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_backlog_that_drains_below_a_thousand_takes_new_jobs_in_the_first_set_again_and_keeps_the_order()
    {
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost);
        var sent = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sent.Add($"spilled-{i:00}");
            await RouteAsync(sent[^1]);
            _clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        await _store.Database.SortedSetRemoveRangeByRankAsync(_queue.Keys.Due, 0, 499);
        var first = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add($"first-{i:00}");
            first.Add(await RouteAsync(sent[^1]));
            _clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        first.Should().OnlyContain(id => _store.Database.SortedSetScore(_queue.Keys.Due, id).HasValue);

        // A fetch of 9 reads each set two entries at a time: the first set is read again and again in the last fetches.
        var fetched = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            fetched.AddRange((await _queue.FetchAsync(9, CancellationToken.None)).Jobs.Select(leased => leased.Job.Event.DeliveryId));
        }

        fetched.Should().Equal(sent);
    }

    [Fact]
    public async Task A_retry_waits_in_its_overflow_set_while_jobs_due_in_others_are_fetched_and_sets_the_next_due_time()
    {
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost - 1);
        await RouteAsync("failing");
        var failing = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        await FillFirstSetAsync(1, "late");
        (await _queue.RetryAsync(failing, "Jira answered 503", TimeSpan.FromSeconds(10), AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
        (await _store.Database.SortedSetScoreAsync(_queue.Keys.DueOverflowOf(failing.Job.Id), failing.Job.Id)).Should().BeApproximately(
            _clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds(), 2_000, "a retry while the first set is full goes to the job's overflow set");

        var others = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            others.Add($"other-{i:00}");
            await RouteAsync(others[^1]);
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
    public async Task A_job_a_crash_left_both_leased_and_due_is_made_due_where_it_already_is_never_twice()
    {
        await RouteAsync("held");
        var held = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        // As a fetch cut short after its lease and before its removal from the due set leaves it.
        await _store.Database.SortedSetAddAsync(_queue.Keys.Due, held.Job.Id, 0);
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost);
        (await _queue.RetryAsync(held, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();

        (await _store.Database.SortedSetScoreAsync(_queue.Keys.DueOverflowOf(held.Job.Id), held.Job.Id)).Should().BeNull();
        (await _store.Database.SortedSetScoreAsync(_queue.Keys.Due, held.Job.Id)).Should().BeGreaterThan(0, "its entry in the first set was moved to the retry's time");
        (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle();
        (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().BeEmpty();
    }

    [Fact]
    public async Task A_job_whose_lease_ran_out_while_the_first_set_is_full_goes_to_its_overflow_set()
    {
        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost - 1);
        await RouteAsync("held");
        var held = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        await FillFirstSetAsync(1, "late");
        await RouteAsync("earlier");
        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));

        // The script returns the expired lease due now: after "earlier", which this fetch of one takes, so the returned
        // job stays where the script put it.
        (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Event.DeliveryId.Should().Be("earlier");

        var score = await _store.Database.SortedSetScoreAsync(_queue.Keys.DueOverflowOf(held.Job.Id), held.Job.Id);
        score.Should().BeApproximately(_clock.GetUtcNow().ToUnixTimeMilliseconds(), 2_000, "the job is due again, in its overflow set");
        var again = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (again.Job.Event.DeliveryId, again.Job.Attempt).Should().Be(("held", 2));
    }

    [Fact]
    public async Task Dead_letters_replayed_while_the_first_set_is_full_go_to_their_overflow_sets()
    {
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            await RouteAsync($"dead-{i}");
            var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            await _queue.DeadLetterAsync(leased, "boom", CancellationToken.None);
            ids.Add(leased.Job.Id);
        }

        await FillFirstSetAsync(WorkerKeys.DueFirstSetMost);
        (await _queue.ReplayAsync("", 100, CancellationToken.None)).Should().Be(6);

        ids.Should().OnlyContain(id => _store.Database.SortedSetScore(_queue.Keys.DueOverflowOf(id), id).HasValue, "the script picks the set the queue would");
        (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Select(leased => leased.Job.Id).Should().BeEquivalentTo(ids);
    }

    /// <summary>Routes a delivery and returns its job's id.</summary>
    private async Task<string> RouteAsync(string deliveryId)
    {
        var delivery = SomeEvents.PullRequestMerged(deliveryId);
        await _queue.RouteToAsync(_store, delivery);
        return (await _store.Database.StringGetAsync(_queue.Keys.Seen(delivery.Provider, delivery.RepoId, delivery.DeliveryId))).ToString();
    }

    /// <summary>Adds <paramref name="count"/> ids due in a day (without jobs, never fetched here) to the first due set.</summary>
    private Task FillFirstSetAsync(int count, string name = "waiting") =>
        _store.Database.SortedSetAddAsync(
            _queue.Keys.Due,
            [.. Enumerable.Range(0, count).Select(i => new SortedSetEntry($"{name}-{i}", _clock.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds()))]);

    private Task<long[]> SizesAsync() => Task.WhenAll(_queue.Keys.DueSets.Select(set => _store.Database.SortedSetLengthAsync(set)));
}

public sealed class DueSetTests_on_redis(RedisServerBackend backend) : DueSetTests(backend), IClassFixture<RedisServerBackend>;

public sealed class DueSetTests_on_redis_cluster(RedisClusterBackend backend) : DueSetTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class DueSetTests_on_garnet(GarnetBackend backend) : DueSetTests(backend), IClassFixture<GarnetBackend>;
