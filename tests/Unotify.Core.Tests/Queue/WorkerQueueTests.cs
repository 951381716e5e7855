using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

public abstract class WorkerQueueTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly QueueOptions Options = new() { LeaseTime = TimeSpan.FromSeconds(30), MaxAttempts = 3 };
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
    public async Task A_fetched_job_is_leased_not_removed_and_ack_removes_it()
    {
        var sent = SomeEvents.PullRequestMerged();
        await _queue.RouteToAsync(_store, sent);

        var fetched = await _queue.FetchAsync(10, CancellationToken.None);

        var leased = fetched.Jobs.Should().ContainSingle().Subject;
        var queued = leased.Job;
        (queued.Worker, queued.Attempt, queued.LastError).Should().Be(("atlassian", 1, (string?)null));
        queued.Event.Should().BeEquivalentTo(sent, options => options.Excluding(e => e.Payload));
        queued.Event.Payload.ToArray().Should().Equal(sent.Payload.ToArray());
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 1, 0));
        (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().BeEmpty();
        (await _queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
        (await _store.Database.KeyExistsAsync(_queue.Keys.Job(queued.Id))).Should().BeFalse("an acknowledged job leaves nothing behind");
    }

    [Fact]
    public async Task A_job_whose_lease_expired_comes_back_as_the_next_attempt()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var first = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
        var second = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        second.Job.Id.Should().Be(first.Job.Id);
        second.Job.Attempt.Should().Be(2);
        second.Token.Should().NotBe(first.Token);
    }

    [Fact]
    public async Task A_consumer_whose_lease_expired_cannot_settle_or_renew_the_new_lease()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var stale = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
        var current = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await _queue.RenewAsync(stale, CancellationToken.None)).Should().BeFalse();
        (await _queue.AckAsync(stale, CancellationToken.None)).Should().BeFalse();
        (await _queue.RetryAsync(stale, "late", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeFalse();
        (await _queue.DeadLetterAsync(stale, "late", CancellationToken.None)).Should().BeFalse();
        (await _queue.ReleaseAsync(stale, CancellationToken.None)).Should().BeFalse();
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 1, 0));
        (await _queue.RenewAsync(current, CancellationToken.None)).Should().BeTrue();
        (await _queue.AckAsync(current, CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task An_error_longer_than_32_K_characters_is_kept_cut_and_marked()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await _queue.RetryAsync(leased, new string('e', 100_000), TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();

        var again = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        again.Job.LastError.Should().Be(new string('e', 32 * 1024) + " … (truncated)");
    }

    [Fact]
    public async Task Renewal_keeps_the_lease_past_its_first_expiry()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        _clock.Advance(TimeSpan.FromSeconds(20));
        (await _queue.RenewAsync(leased, CancellationToken.None)).Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(20));

        (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Should().BeEmpty();
        (await _queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task A_retry_waits_for_its_delay_and_keeps_the_last_error()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await _queue.RetryAsync(leased, "Jira answered 503", TimeSpan.FromSeconds(10), AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();

        var early = await _queue.FetchAsync(1, CancellationToken.None);
        early.Jobs.Should().BeEmpty();
        early.NextDueAt.Should().BeCloseTo(_clock.GetUtcNow().AddSeconds(10), TimeSpan.FromSeconds(2));
        _clock.Advance(TimeSpan.FromSeconds(11));
        var retried = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        retried.Job.Attempt.Should().Be(2);
        retried.Job.LastError.Should().Be("Jira answered 503");
    }

    [Fact]
    public async Task A_released_job_is_due_at_once_without_counting_the_attempt()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await _queue.ReleaseAsync(leased, CancellationToken.None)).Should().BeTrue();

        (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Attempt.Should().Be(1);
    }

    [Fact]
    public async Task Each_job_counts_its_attempts_in_a_key_of_its_own_that_goes_when_the_job_is_settled()
    {
        foreach (var delivery in new[] { "d-done", "d-dead", "d-given-back" })
        {
            await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged(delivery));
        }

        foreach (var first in (await _queue.FetchAsync(3, CancellationToken.None)).Jobs)
        {
            (await _queue.RetryAsync(first, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
        }

        var second = (await _queue.FetchAsync(3, CancellationToken.None)).Jobs.ToDictionary(leased => leased.Job.Event.DeliveryId);
        second.Values.Select(leased => leased.Job.Attempt).Should().Equal(2, 2, 2);
        foreach (var leased in second.Values)
        {
            ((long)await _store.Database.StringGetAsync(_queue.Keys.Attempt(leased.Job.Id))).Should().Be(2);
        }

        (await _store.Database.KeyExistsAsync(_queue.Keys.Attempts)).Should().BeFalse("no one object holds every job tried, so none grows with a backlog");

        (await _queue.AckAsync(second["d-done"], CancellationToken.None)).Should().BeTrue();
        (await _queue.DeadLetterAsync(second["d-dead"], "gave up", CancellationToken.None)).Should().BeTrue();
        (await _queue.ReleaseAsync(second["d-given-back"], CancellationToken.None)).Should().BeTrue();
        (await _store.Database.KeyExistsAsync(_queue.Keys.Attempt(second["d-done"].Job.Id))).Should().BeFalse("a finished job's count goes with it");
        (await _store.Database.KeyExistsAsync(_queue.Keys.Attempt(second["d-dead"].Job.Id))).Should().BeFalse("a dead letter keeps its count in its stored form");
        ((long)await _store.Database.StringGetAsync(_queue.Keys.Attempt(second["d-given-back"].Job.Id))).Should().Be(1, "a given-back attempt does not count");

        (await _queue.FetchAsync(3, CancellationToken.None)).Jobs.Should().ContainSingle().Which.Job.Attempt.Should().Be(2);
        (await _queue.ReplayAsync(second["d-dead"].Job.Id, 10, CancellationToken.None)).Should().Be(1);
        (await _queue.FetchAsync(3, CancellationToken.None)).Jobs.Should().ContainSingle().Which.Job.Attempt.Should().Be(1, "a replayed dead letter starts its count again");
    }

    [Fact]
    public async Task A_count_an_earlier_release_kept_in_the_attempts_hash_is_carried_on_by_the_job_s_next_fetch()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await _queue.RetryAsync(leased, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();

        // As a release before the per-job keys left it: the count in the one hash.
        await _store.Database.KeyDeleteAsync(_queue.Keys.Attempt(leased.Job.Id));
        await _store.Database.HashSetAsync(_queue.Keys.Attempts, leased.Job.Id, 4);

        (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Attempt.Should().Be(5);
        ((long)await _store.Database.StringGetAsync(_queue.Keys.Attempt(leased.Job.Id))).Should().Be(5);
        (await _store.Database.HashExistsAsync(_queue.Keys.Attempts, leased.Job.Id)).Should().BeFalse("the count moved to the job's own key");
    }

    [Fact]
    public async Task Fetch_leases_at_most_the_count_asked_for_in_due_order()
    {
        for (var i = 0; i < 5; i++)
        {
            await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged($"d{i}"));
            _clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        var fetched = await _queue.FetchAsync(3, CancellationToken.None);

        fetched.Jobs.Select(job => job.Job.Event.DeliveryId).Should().Equal("d0", "d1", "d2");
        fetched.NextDueAt.Should().NotBeNull();
    }

    [Fact]
    public async Task An_unreadable_job_is_dead_lettered_unchanged_and_the_rest_of_its_batch_is_returned()
    {
        var stored = CorruptJobs.Truncated();
        await CorruptJobs.QueueAsync(_queue, "bad", stored);
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d1"));
        _clock.Advance(TimeSpan.FromMilliseconds(1)); // due order by time: ids made in the same millisecond sort at random
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d2"));

        var fetched = await _queue.FetchAsync(10, CancellationToken.None);

        fetched.Jobs.Select(job => job.Job.Event.DeliveryId).Should().Equal("d1", "d2");
        var unreadable = fetched.Unreadable.Should().ContainSingle().Subject;
        unreadable.Id.Should().Be("bad");
        unreadable.Error.Should().Be("A stored job has no line break after its metadata; it was truncated or written by something else.");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 2, 1));
        ((byte[])(await _store.Database.StringGetAsync(_queue.Keys.DeadJob("bad")))!).Should().Equal(stored);
        (await _store.Database.SortedSetScoreAsync(_queue.Keys.Leased, "bad")).Should().BeNull();
        (await _store.Database.KeyExistsAsync(_queue.Keys.Job("bad"))).Should().BeFalse();
        (await _store.Database.HashExistsAsync(_queue.Keys.Tokens, "bad")).Should().BeFalse();
        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
        var again = await _queue.FetchAsync(10, CancellationToken.None);
        // Expired leases come back due at the same moment, so their order is their ids' (random within a millisecond).
        again.Jobs.Select(job => job.Job.Event.DeliveryId).Should().BeEquivalentTo(["d1", "d2"]);
        again.Unreadable.Should().BeEmpty("the unreadable job left the queue for the dead letters");
    }

    [Fact]
    public async Task A_job_too_large_for_a_script_argument_keeps_its_payload_through_fetch_retry_dead_letter_and_replay()
    {
        var sent = SomeEvents.PullRequestMerged() with { Payload = LargePayload(QueueScripts.Staged * 3) };
        await _queue.RouteToAsync(_store, sent);

        var second = await RetriedThenDeadLetteredAsync(sent);
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 1));
        var dead = JobJson.Deserialize((byte[])(await _store.Database.StringGetAsync(_queue.Keys.DeadJob(second.Job.Id)))!);
        (dead.LastError, dead.Event.Payload.Length).Should().Be(("Jira refused the transition", sent.Payload.Length));
        (await new RedisDeadLetterStore(_store, ["atlassian"]).ReplayAsync("atlassian", second.Job.Id, CancellationToken.None)).Should().BeTrue();
        var replayed = (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;
        replayed.Job.Event.Payload.ToArray().Should().Equal(sent.Payload.ToArray());
        (await _queue.AckAsync(replayed, CancellationToken.None)).Should().BeTrue();

        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
        (await _store.Database.KeyExistsAsync(_queue.Keys.Job(second.Job.Id))).Should().BeFalse();
        (await StagedKeysAsync()).Should().BeEmpty("every staged copy was renamed into place");
    }

    [Fact]
    public async Task A_large_job_s_duplicate_and_a_stale_holder_s_settle_leave_no_staged_copy_behind()
    {
        var sent = SomeEvents.PullRequestMerged() with { Payload = LargePayload(QueueScripts.Staged + 1) };
        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeFalse();
        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeTrue();
        var stale = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
        var current = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await _queue.RetryAsync(stale, "late", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeFalse();
        (await _queue.DeadLetterAsync(stale, "late", CancellationToken.None)).Should().BeFalse();

        (await StagedKeysAsync()).Should().BeEmpty("a refused settle deletes what it staged");
        var stored = JobJson.Deserialize((byte[])(await _store.Database.StringGetAsync(_queue.Keys.Job(current.Job.Id)))!);
        stored.LastError.Should().BeNull("the stale holder's error was not written");
        (await _queue.AckAsync(current, CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task A_payload_stored_in_parts_comes_back_whole_through_fetch_retry_dead_letter_and_replay_and_its_parts_go_with_the_job()
    {
        var sent = SomeEvents.PullRequestMerged() with { Payload = LargePayload((2 * JobJson.PartBytes) + 12345) };
        await _queue.RouteToAsync(_store, sent);
        (await PartKeysAsync()).Should().HaveCount(3);
        (await _store.Database.StringLengthAsync(_queue.Keys.Job((await PartOwnersAsync()).Single()))).Should().BeLessThan(4096, "the job key holds no payload");

        var second = await RetriedThenDeadLetteredAsync(sent);
        var dead = new RedisDeadLetterStore(_store, ["atlassian"]);
        (await dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Should().ContainSingle().Which.Error.Should().Be("Jira refused the transition");
        (await PartKeysAsync()).Should().HaveCount(3, "a dead letter keeps its parts");
        (await dead.ReplayAsync("atlassian", second.Job.Id, CancellationToken.None)).Should().BeTrue();
        var replayed = (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;
        replayed.Job.Event.Payload.ToArray().Should().Equal(sent.Payload.ToArray());
        (await _queue.AckAsync(replayed, CancellationToken.None)).Should().BeTrue();
        (await PartKeysAsync()).Should().BeEmpty("an acknowledged job's parts are deleted with it");

        var purged = SomeEvents.PullRequestMerged("d-purged") with { Payload = LargePayload(JobJson.PartBytes + 1) };
        await _queue.RouteToAsync(_store, purged);
        (await _queue.DeadLetterAsync((await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Single(), "no", CancellationToken.None)).Should().BeTrue();
        (await PartKeysAsync()).Should().HaveCount(2);
        (await dead.PurgeAsync("atlassian", CancellationToken.None)).Should().Be(1);
        (await PartKeysAsync()).Should().BeEmpty("a purged dead letter's parts are deleted with it");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task A_payload_in_more_parts_than_one_read_asks_for_comes_back_whole_and_a_wrong_sized_part_in_a_later_read_is_dead_lettered()
    {
        var payload = LargePayload((6 * JobJson.PartBytes) - 7);
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("whole") with { Payload = payload });
        var fetched = (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;
        fetched.Job.Event.Payload.Span.SequenceEqual(payload).Should().BeTrue("the six parts are read four and two at a time into one payload");
        (await _queue.AckAsync(fetched, CancellationToken.None)).Should().BeTrue();

        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("cut") with { Payload = payload });
        await _store.Database.StringSetAsync((await PartKeysAsync()).Single(key => key.EndsWith(":6", StringComparison.Ordinal)), new byte[10]);
        var again = await _queue.FetchAsync(10, CancellationToken.None);

        again.Jobs.Should().BeEmpty();
        again.Unreadable.Should().ContainSingle().Which.Error.Should().Be($"Part 6 of 6 of a stored job's payload has 10 bytes instead of {JobJson.PartBytes - 7}.");
    }

    [Fact]
    public async Task A_duplicate_of_a_delivery_stored_in_parts_leaves_no_parts_behind_and_a_job_missing_its_part_is_dead_lettered_not_run()
    {
        var sent = SomeEvents.PullRequestMerged() with { Payload = LargePayload(JobJson.PartBytes + 1) };
        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeFalse();
        var partKeys = await PartKeysAsync();
        (await _queue.RouteToAsync(_store, sent)).IsDuplicate.Should().BeTrue();
        (await PartKeysAsync()).Should().BeEquivalentTo(partKeys, "the duplicate's own parts were deleted, the queued job's kept");
        (await _store.Database.KeyTimeToLiveAsync(partKeys[0])).Should().BeNull("a queued job's parts do not expire");

        await _store.Database.KeyDeleteAsync(partKeys.Single(key => key.EndsWith(":2", StringComparison.Ordinal)));
        var fetched = await _queue.FetchAsync(10, CancellationToken.None);

        fetched.Jobs.Should().BeEmpty();
        fetched.Unreadable.Should().ContainSingle().Which.Error.Should().Be("Part 2 of 2 of a stored job's payload is missing.");
        (await _queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 1));
    }

    [Fact]
    public async Task A_large_job_stored_whole_by_an_earlier_version_stays_whole_through_retry_and_dead_letter()
    {
        var sent = SomeEvents.PullRequestMerged("d-old") with { Payload = LargePayload((2 * JobJson.PartBytes) + 5) };
        var job = new Job("old-job", "atlassian", sent, 1, _clock.GetUtcNow(), null);
        await _store.Database.StringSetAsync(_queue.Keys.Job(job.Id), JobJson.Serialize(job, inline: true));
        await _store.Database.SortedSetAddAsync(_queue.Keys.Due, job.Id, _store.NowMilliseconds);

        var second = await RetriedThenDeadLetteredAsync(sent);

        var dead = (byte[])(await _store.Database.StringGetAsync(_queue.Keys.DeadJob(second.Job.Id)))!;
        JobJson.PartsOf(dead).Should().Be(0, "the rewritten job keeps the layout it was fetched in");
        JobJson.Deserialize(dead).Event.Payload.ToArray().Should().Equal(sent.Payload.ToArray());
        (await PartKeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_before_reaching_Redis()
    {
        await FluentActions.Awaiting(() => _queue.FetchAsync(0, CancellationToken.None)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        await FluentActions.Awaiting(() => _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("") ))
            .Should().ThrowAsync<ArgumentException>().WithMessage("webhookEvent.DeliveryId is empty*");
        await FluentActions.Awaiting(() => _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged(new string('d', 201))))
            .Should().ThrowAsync<ArgumentException>().WithMessage("webhookEvent.DeliveryId is 201 characters long*");
        FluentActions.Invoking(() => new RedisWorkerQueue(_store, "bad{worker}")).Should().Throw<ArgumentException>().Where(e => e.ParamName == "worker");
        FluentActions.Invoking(() => new RedisWorkerQueue(_store, "")).Should().Throw<ArgumentException>().Where(e => e.ParamName == "worker");
        FluentActions.Invoking(() => new RedisWorkerQueue(_store, "w", new QueueOptions { Concurrency = 0 })).Should().Throw<ArgumentException>()
            .WithMessage("Concurrency is 0*");
        var other = new RedisWorkerQueue(_store, "other");
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        await FluentActions.Awaiting(() => other.AckAsync(leased, CancellationToken.None)).Should().ThrowAsync<ArgumentException>()
            .WithMessage("*belongs to worker atlassian, not other*");
    }

    /// <summary>Bytes that are not all alike, so a payload put together from the wrong parts would not compare equal.</summary>
    private static byte[] LargePayload(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251)).ToArray();

    /// <summary>Fetches the one job, retries it, fetches it again and dead-letters it, checking its payload each time; returns the second lease.</summary>
    private async Task<LeasedJob> RetriedThenDeadLetteredAsync(Unotify.Sdk.WebhookEvent sent)
    {
        var first = (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;
        first.Job.Event.Payload.ToArray().Should().Equal(sent.Payload.ToArray());
        (await _queue.RetryAsync(first, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
        var second = (await _queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;
        (second.Job.Attempt, second.Job.LastError).Should().Be((2, "Jira answered 503"));
        second.Job.Event.Payload.ToArray().Should().Equal(sent.Payload.ToArray());
        (await _queue.DeadLetterAsync(second, "Jira refused the transition", CancellationToken.None)).Should().BeTrue();
        return second;
    }

    private async Task<List<string>> PartKeysAsync()
    {
        var found = new List<string>();
        foreach (var server in _store.Connection.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: _queue.Keys.PartsPrefix + "*"))
            {
                found.Add((string)key!);
            }
        }

        return found;
    }

    /// <summary>The ids of the jobs whose parts are stored.</summary>
    private async Task<List<string>> PartOwnersAsync() =>
        (await PartKeysAsync()).Select(key => key[_queue.Keys.PartsPrefix.Length..key.LastIndexOf(':')]).Distinct().ToList();

    private async Task<List<string>> StagedKeysAsync()
    {
        // Every primary: on a cluster the keys live on whichever node owns their slot.
        var found = new List<string>();
        foreach (var server in _store.Connection.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: _queue.Keys.Staged("*")))
            {
                found.Add((string)key!);
            }
        }

        return found;
    }
}

public sealed class WorkerQueueTests_on_redis(RedisServerBackend backend) : WorkerQueueTests(backend), IClassFixture<RedisServerBackend>;

public sealed class WorkerQueueTests_on_redis_cluster(RedisClusterBackend backend) : WorkerQueueTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class WorkerQueueTests_on_garnet(GarnetBackend backend) : WorkerQueueTests(backend), IClassFixture<GarnetBackend>;
