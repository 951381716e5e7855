using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public abstract class IdempotencyStoreTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly QueueOptions Options = new() { LeaseTime = TimeSpan.FromSeconds(30) };
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
    public async Task Claim_then_mark_makes_later_claims_already_done_for_at_least_seven_days()
    {
        var idempotency = Store(await LeaseAsync());
        (await idempotency.ClaimAsync("d1:SOC-1", "To Do→In Progress", CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
        await idempotency.MarkDoneAsync("d1:SOC-1", CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(6));
        (await Store(await LeaseAsync()).ClaimAsync("d1:SOC-1", "again", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.AlreadyDone);
        var ttl = await _store.Database.KeyTimeToLiveAsync(_store.Keys.Worker("atlassian").Idempotency("d1:SOC-1"));
        ttl.Should().BeGreaterThan(TimeSpan.FromDays(6.9));
    }

    [Fact]
    public async Task A_claim_of_another_jobs_live_attempt_is_held_by_other()
    {
        await Store(await LeaseAsync()).ClaimAsync("k", "first", CancellationToken.None);

        (await Store(await LeaseAsync()).ClaimAsync("k", "second", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.HeldByOther);
    }

    [Fact]
    public async Task The_attempt_holding_a_claim_may_claim_it_again()
    {
        var idempotency = Store(await LeaseAsync());
        await idempotency.ClaimAsync("k", "first", CancellationToken.None);

        (await idempotency.ClaimAsync("k", "again", CancellationToken.None)).Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
    }

    [Fact]
    public async Task The_next_attempt_of_the_same_job_gets_the_claim_of_the_earlier_one_with_its_note_as_soon_as_that_lease_ended()
    {
        var first = await LeaseAsync();
        await Store(first).ClaimAsync("k", "To Do→In Progress", CancellationToken.None);

        // The worker died: its lease runs out and the job is handed out again. Nothing waits for a claim timeout.
        _clock.Advance(Options.LeaseTime + TimeSpan.FromMilliseconds(1));
        var second = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        second.Job.Id.Should().Be(first.Job.Id);

        (await Store(second).ClaimAsync("k", "retrying", CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
    }

    [Fact]
    public async Task A_taker_of_an_abandoned_claim_keeps_its_note_so_a_taker_that_dies_in_turn_hands_on_the_first_note()
    {
        var first = await LeaseAsync();
        await Store(first).ClaimAsync("k", "To Do→In Progress", CancellationToken.None);
        _clock.Advance(Options.LeaseTime + TimeSpan.FromMilliseconds(1));
        var second = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        // The second attempt sees the ticket In Progress and would plan In Progress→Done; it dies before deciding.
        (await Store(second).ClaimAsync("k", "In Progress→Done", CancellationToken.None)).AbandonedNote.Should().Be("To Do→In Progress");
        _clock.Advance(Options.LeaseTime + TimeSpan.FromMilliseconds(1));
        var third = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await Store(third).ClaimAsync("k", "In Progress→Done", CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
    }

    [Fact]
    public async Task A_claim_left_by_an_attempt_that_asked_for_a_retry_goes_to_the_next_attempt_with_its_note()
    {
        var first = await LeaseAsync();
        await Store(first).ClaimAsync("k", "To Do→In Progress", CancellationToken.None);
        (await _queue.RetryAsync(first, "Jira timed out after the POST", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();

        var second = (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        (await Store(second).ClaimAsync("k", "retrying", CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
    }

    [Fact]
    public async Task A_claim_of_another_job_whose_lease_ended_is_free_with_its_note()
    {
        await Store(await LeaseAsync()).ClaimAsync("k", "first", CancellationToken.None);
        _clock.Advance(Options.LeaseTime + TimeSpan.FromMilliseconds(1));

        (await Store(await LeaseAsync()).ClaimAsync("k", "second", CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "first"));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_at_once_without_a_note()
    {
        var idempotency = Store(await LeaseAsync());
        await idempotency.ClaimAsync("k", "first", CancellationToken.None);
        await idempotency.ReleaseAsync("k", CancellationToken.None);

        (await Store(await LeaseAsync()).ClaimAsync("k", "second", CancellationToken.None)).Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
    }

    [Fact]
    public async Task An_attempt_cannot_release_another_attempts_claim()
    {
        await Store(await LeaseAsync()).ClaimAsync("k", "first", CancellationToken.None);
        var other = Store(await LeaseAsync());

        await other.ReleaseAsync("k", CancellationToken.None);

        (await other.ClaimAsync("k", "second", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.HeldByOther);
    }

    [Fact]
    public async Task Releasing_does_not_undo_a_done_mark()
    {
        var idempotency = Store(await LeaseAsync());
        await idempotency.ClaimAsync("k", "first", CancellationToken.None);
        await idempotency.MarkDoneAsync("k", CancellationToken.None);
        await idempotency.ReleaseAsync("k", CancellationToken.None);

        (await Store(await LeaseAsync()).ClaimAsync("k", "second", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.AlreadyDone);
    }

    [Fact]
    public async Task A_claim_written_before_claims_followed_leases_counts_as_abandoned()
    {
        var key = _store.Keys.Worker("atlassian").Idempotency("k");
        await _store.Database.HashSetAsync(key, [new("state", "claimed"), new("until", _clock.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds()), new("note", "To Do→In Progress")]);

        (await Store(await LeaseAsync()).ClaimAsync("k", "n", CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
    }

    [Fact]
    public async Task Keys_are_scoped_per_worker()
    {
        var idempotency = Store(await LeaseAsync());
        await idempotency.ClaimAsync("k", "first", CancellationToken.None);
        await idempotency.MarkDoneAsync("k", CancellationToken.None);

        var slack = new RedisWorkerQueue(_store, "slack", Options);
        await slack.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var leased = (await slack.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await new RedisIdempotencyStore(_store, "slack", leased).ClaimAsync("k", "n", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.Claimed);
    }

    [Fact]
    public async Task Bad_arguments_are_argument_errors()
    {
        var leased = await LeaseAsync();
        var idempotency = Store(leased);
        await FluentActions.Awaiting(() => idempotency.ClaimAsync("", "n", CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "key");
        await FluentActions.Awaiting(() => idempotency.ClaimAsync("k", new string('n', 5000), CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "note");
        await FluentActions.Awaiting(() => idempotency.MarkDoneAsync(new string('k', 201), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => idempotency.ReleaseAsync("a\u0000b", CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        FluentActions.Invoking(() => new RedisIdempotencyStore(_store, "", leased)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task With_partitions_a_claim_is_held_while_its_attempts_lease_in_another_partition_is_live_and_taken_over_with_its_note_once_it_ends()
    {
        // Two jobs leased from two partitions other than the first, whose lease keys live in other hash slots.
        var partitioned = new RedisWorkerQueue(_store, "atlassian", Options with { Partitions = 4 });
        var leased = new List<LeasedJob>();
        for (var i = 0; i < 40 && leased.Select(job => job.Partition).Where(partition => partition != 0).Distinct().Count() < 2; i++)
        {
            await partitioned.RouteToAsync(_store, SomeEvents.PullRequestMerged());
            leased.AddRange((await partitioned.FetchAsync(10, CancellationToken.None)).Jobs);
        }

        var first = leased.First(job => job.Partition != 0);
        var second = leased.First(job => job.Partition != 0 && job.Partition != first.Partition);
        (await Store(first).ClaimAsync("turn:SOC-1", "To Do→In Progress", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.Claimed);

        (await Store(second).ClaimAsync("turn:SOC-1", "second", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.HeldByOther, "the first attempt's lease is live");
        (await Store(first).ClaimAsync("turn:SOC-1", "again", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.Claimed, "its own attempt may claim it again");

        _clock.Advance(Options.LeaseTime + TimeSpan.FromMilliseconds(1));
        var taken = await Store(second).ClaimAsync("turn:SOC-1", "second", CancellationToken.None);
        taken.Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"), "the first lease ended; its note is handed on");
        (await Store(second).ClaimAsync("turn:SOC-1", "second", CancellationToken.None)).Should().Be(
            new IdempotencyClaim(IdempotencyClaimStatus.Claimed), "the claim is the second attempt's now");
    }

    [Fact]
    public async Task A_claim_naming_a_partition_no_queue_has_counts_as_abandoned()
    {
        var leased = await LeaseAsync();
        await _store.Database.HashSetAsync(
            _store.Keys.Worker("atlassian").Idempotency("k"), [new("state", "claimed"), new("job", "gone"), new("token", "t"), new("note", "old note"), new("part", "banana")]);

        (await Store(leased).ClaimAsync("k", "new", CancellationToken.None)).Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "old note"));
    }

    private RedisIdempotencyStore Store(LeasedJob leased) => new(_store, "atlassian", leased);

    private async Task<LeasedJob> LeaseAsync()
    {
        await _queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        return (await _queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
    }
}

public sealed class IdempotencyStoreTests_on_redis(RedisServerBackend backend) : IdempotencyStoreTests(backend), IClassFixture<RedisServerBackend>;

public sealed class IdempotencyStoreTests_on_redis_cluster(RedisClusterBackend backend) : IdempotencyStoreTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class IdempotencyStoreTests_on_garnet(GarnetBackend backend) : IdempotencyStoreTests(backend), IClassFixture<GarnetBackend>;
