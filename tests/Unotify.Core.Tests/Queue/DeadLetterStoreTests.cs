using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

public abstract class DeadLetterStoreTests(IStoreBackend backend) : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new();
    private RedisStore _store = null!;
    private RedisWorkerQueue _queue = null!;
    private RedisDeadLetterStore _dead = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend, _clock);
        _queue = new RedisWorkerQueue(_store, "atlassian");
        _dead = new RedisDeadLetterStore(_store, ["atlassian", "slack"]);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Dead_letters_are_listed_newest_first_with_error_attempts_and_time()
    {
        await KillAsync("d1", "first failure");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await KillAsync("d2", "second failure");

        var letters = await _dead.ListAsync("atlassian", 0, 10, CancellationToken.None);

        letters.Select(letter => letter.Job.Event.DeliveryId).Should().Equal("d2", "d1");
        letters[0].Error.Should().Be("second failure");
        letters[0].Attempts.Should().Be(1);
        letters[0].DeadAt.Should().BeCloseTo(_clock.GetUtcNow(), TimeSpan.FromSeconds(2));
        (await _dead.ListAsync("atlassian", 1, 10, CancellationToken.None)).Single().Job.Event.DeliveryId.Should().Be("d1");
    }

    [Fact]
    public async Task Replaying_one_queues_it_again_with_a_fresh_attempt_count()
    {
        var id = await KillAsync("d1", "boom");

        (await _dead.ReplayAsync("atlassian", id, CancellationToken.None)).Should().BeTrue();
        (await _dead.ReplayAsync("atlassian", id, CancellationToken.None)).Should().BeFalse();

        var again = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        again.Job.Id.Should().Be(id);
        again.Job.Attempt.Should().Be(1);
        again.Job.LastError.Should().Be("boom");
        (await _dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Replay_all_and_purge_report_how_many()
    {
        await KillAsync("d1", "a");
        await KillAsync("d2", "b");

        (await _dead.ReplayAllAsync("atlassian", CancellationToken.None)).Should().Be(2);
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(2, 0, 0));

        await KillAsync("d3", "c");
        (await _dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(1);
        (await _dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(0);
        (await _dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unreadable_dead_letter_is_listed_as_a_marked_placeholder_beside_the_readable_ones_and_purged_with_them()
    {
        await KillAsync("d1", "first failure");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await CorruptJobs.QueueAsync(_queue, "bad", CorruptJobs.Truncated());
        (await _queue.FetchAsync(1, CancellationToken.None)).Unreadable.Should().ContainSingle();

        var letters = await _dead.ListAsync("atlassian", 0, 10, CancellationToken.None);

        letters.Should().HaveCount(2);
        letters[1].Job.Event.DeliveryId.Should().Be("d1");
        letters[1].Error.Should().Be("first failure");
        var placeholder = letters[0];
        placeholder.Job.Id.Should().Be("bad");
        placeholder.Job.Worker.Should().Be("atlassian");
        placeholder.Job.Event.Should().BeEquivalentTo(new
        {
            Kind = "(unreadable)",
            Provider = "(unreadable)",
            RepoId = "(unreadable)",
            DeliveryId = "(unreadable)",
            ReceivedAt = placeholder.DeadAt,
        });
        placeholder.Error.Should().Be("The stored job could not be read, so it never reached a processor: "
            + "A stored job has no line break after its metadata; it was truncated or written by something else.");
        placeholder.Attempts.Should().Be(0);
        placeholder.DeadAt.Should().BeCloseTo(_clock.GetUtcNow(), TimeSpan.FromSeconds(2));
        (await _dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(2);
        (await _dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Replaying_an_unreadable_dead_letter_queues_its_bytes_unchanged_and_the_next_fetch_dead_letters_it_again()
    {
        var stored = CorruptJobs.Truncated();
        await CorruptJobs.QueueAsync(_queue, "bad", stored);
        (await _queue.FetchAsync(1, CancellationToken.None)).Unreadable.Should().ContainSingle();

        (await _dead.ReplayAsync("atlassian", "bad", CancellationToken.None)).Should().BeTrue();

        ((byte[])(await _store.Database.StringGetAsync(_queue.Keys.Job("bad")))!).Should().Equal(stored);
        var again = await _queue.FetchAsync(1, CancellationToken.None);
        again.Jobs.Should().BeEmpty();
        again.Unreadable.Should().ContainSingle().Which.Id.Should().Be("bad");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 1));
    }

    [Fact]
    public async Task Dead_letters_spread_over_sets_are_listed_as_one_newest_first_and_each_one_replays_from_its_own_set()
    {
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await KillAsync($"d{i:00}", $"failure {i}"));
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var sizes = await Task.WhenAll(_queue.Keys.DeadSets.Select(set => _store.Database.SortedSetLengthAsync(set)));
        sizes[0].Should().Be(0, "the one set of earlier releases is never written");
        sizes.Skip(1).Count(size => size > 0).Should().BeGreaterThan(8, "a hash of the job id spreads 40 dead letters over most of 16 sets");
        ids.Should().OnlyContain(id => _store.Database.SortedSetScore(_queue.Keys.DeadSetOf(id), id).HasValue);

        var pages = new List<string>();
        for (var offset = 0; offset < 40; offset += 7)
        {
            pages.AddRange((await _dead.ListAsync("atlassian", offset, 7, CancellationToken.None)).Select(letter => letter.Job.Event.DeliveryId));
        }

        pages.Should().Equal(Enumerable.Range(0, 40).Reverse().Select(i => $"d{i:00}"));
        (await _queue.CountAsync(CancellationToken.None)).DeadLettered.Should().Be(40);
        (await _dead.ReplayAsync("atlassian", ids[17], CancellationToken.None)).Should().BeTrue();
        (await _store.Database.SortedSetScoreAsync(_queue.Keys.DeadSetOf(ids[17]), ids[17])).Should().BeNull();
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(1, 0, 39));
        (await _dead.ReplayAllAsync("atlassian", CancellationToken.None)).Should().Be(39);
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(40, 0, 0));
        (await _store.Database.SortedSetLengthAsync(_queue.Keys.Due)).Should().Be(40, "replayed jobs are due in the first due set while it has room");
    }

    [Fact]
    public async Task Dead_letters_an_earlier_release_left_in_one_set_are_listed_replayed_and_purged_with_the_rest()
    {
        // As an earlier release dead-lettered them: the dead job, and its id in the one set.
        var old = await KillAsync("old", "before the upgrade");
        await _store.Database.SortedSetRemoveAsync(_queue.Keys.DeadSetOf(old), old);
        await _store.Database.SortedSetAddAsync(_queue.Keys.Dead, old, _clock.GetUtcNow().ToUnixTimeMilliseconds());
        _clock.Advance(TimeSpan.FromSeconds(1));
        await KillAsync("new", "after it");

        (await _dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Select(letter => letter.Job.Event.DeliveryId).Should().Equal("new", "old");
        (await _queue.CountAsync(CancellationToken.None)).DeadLettered.Should().Be(2);
        (await _dead.ReplayAsync("atlassian", old, CancellationToken.None)).Should().BeTrue();
        (await _store.Database.SortedSetLengthAsync(_queue.Keys.Dead)).Should().Be(0, "a replay takes the id out of the one set too");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(1, 0, 1));

        var again = await KillAsync("old-again", "x");
        await _store.Database.SortedSetRemoveAsync(_queue.Keys.DeadSetOf(again), again);
        await _store.Database.SortedSetAddAsync(_queue.Keys.Dead, again, 1);
        (await _dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(2);
        (await _queue.CountAsync(CancellationToken.None)).DeadLettered.Should().Be(0);
    }

    [Fact]
    public async Task Purging_more_dead_letters_than_one_batch_removes_every_one_of_them()
    {
        // In the one set earlier releases wrote (a release that spreads them reads it as one more set).
        var stored = JobJson.Serialize(new Job("x", "atlassian", SomeEvents.PullRequestMerged(), 1, _clock.GetUtcNow(), "boom"));
        var batch = _store.Database.CreateBatch();
        var writes = new List<Task>();
        for (var i = 0; i < 1200; i++)
        {
            writes.Add(batch.StringSetAsync(_queue.Keys.DeadJob($"j{i}"), stored));
            writes.Add(batch.SortedSetAddAsync(_queue.Keys.Dead, $"j{i}", i));
        }

        batch.Execute();
        await Task.WhenAll(writes);

        (await _dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(1200);

        (await _queue.CountAsync(CancellationToken.None)).DeadLettered.Should().Be(0);
        (await _store.Database.KeyExistsAsync(_queue.Keys.DeadJob("j0"))).Should().BeFalse();
        (await _store.Database.KeyExistsAsync(_queue.Keys.DeadJob("j1199"))).Should().BeFalse();
    }

    [Fact]
    public async Task An_unknown_worker_or_bad_paging_is_an_argument_error()
    {
        await FluentActions.Awaiting(() => _dead.ListAsync("nobody", 0, 10, CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().WithMessage("Unknown worker 'nobody'; the configured workers are: atlassian, slack.*");
        await FluentActions.Awaiting(() => _dead.ReplayAsync("nobody", "x", CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _dead.ReplayAllAsync("", CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _dead.PurgeAsync("bad:name", CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _dead.ReplayAsync("atlassian", "", CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "jobId");
        await FluentActions.Awaiting(() => _dead.ListAsync("atlassian", -1, 10, CancellationToken.None)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        await FluentActions.Awaiting(() => _dead.ListAsync("atlassian", 0, 0, CancellationToken.None)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    private async Task<string> KillAsync(string deliveryId, string error)
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged(deliveryId));
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await _queue.DeadLetterAsync(leased, error, CancellationToken.None)).Should().BeTrue();
        return leased.Job.Id;
    }
}

public sealed class DeadLetterStoreTests_on_redis(RedisServerBackend backend) : DeadLetterStoreTests(backend), IClassFixture<RedisServerBackend>;

public sealed class DeadLetterStoreTests_on_redis_cluster(RedisClusterBackend backend) : DeadLetterStoreTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class DeadLetterStoreTests_on_garnet(GarnetBackend backend) : DeadLetterStoreTests(backend), IClassFixture<GarnetBackend>;
