using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A crash of the store between any two writes of any queue step loses nothing: each step is cut after each of its
/// writes (<see cref="CrashPoint"/>), then the queue runs on as it would after a restart, and the outcome is counted.
/// </summary>
public abstract class CrashPointTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly QueueOptions Options = new() { LeaseTime = TimeSpan.FromSeconds(30), MaxAttempts = 100 };
    private readonly AdjustableClock _clock = new();
    private RedisStore _store = null!;
    private int _cutAfter;

    public async Task InitializeAsync() => _store = await TestStores.OpenAsync(backend, _clock);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await AfterEachTestAsync();
    }

    /// <summary>Stops what the test started beside its store.</summary>
    /// <returns>A task that completes once it stopped.</returns>
    protected virtual ValueTask AfterEachTestAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(Size.Small, 3)] // the mark, the due entry and the job
    [InlineData(Size.Staged, 4)] // the staged copy's expiry removed, the mark, the due entry, the staged copy renamed to the job
    [InlineData(Size.InParts, 7)] // the mark, the due entry, the two staged parts renamed into place and their expiries removed, the job
    public async Task A_route_cut_after_any_write_leaves_the_delivery_queued_once_or_not_at_all_and_its_redelivery_completes_it(Size size, int writes)
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = Delivery(queue, size);
            var cut = await CutAsync(() => router.RouteAsync(delivery, CancellationToken.None));

            // The sender saw an error (or, when nothing was cut, a 202) and redelivers; a complete step is a duplicate.
            var again = await router.RouteAsync(delivery, CancellationToken.None);
            if (!cut)
            {
                again.IsDuplicate.Should().BeTrue();
            }

            (await DrainAsync(queue, AckAsync(queue))).Should().Equal([delivery.DeliveryId], "the delivery runs exactly once");
            (await router.RouteAsync(delivery, CancellationToken.None)).IsDuplicate.Should().BeTrue("a processed delivery stays a duplicate");
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(writes);
    }

    [Fact]
    public async Task A_replay_cut_after_any_write_runs_the_delivery_once_more_when_replayed_again_and_leaves_it_a_duplicate()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = SomeEvents.PullRequestMerged("d-" + queue.Worker);
            await router.RouteAsync(delivery, CancellationToken.None);
            (await DrainAsync(queue, AckAsync(queue))).Should().ContainSingle();

            var cut = await CutAsync(() => router.ReplayAsync(delivery, CancellationToken.None));
            if (cut)
            {
                // The operator saw an error and replays again.
                await router.ReplayAsync(delivery, CancellationToken.None);
            }

            (await DrainAsync(queue, AckAsync(queue))).Should().Equal([delivery.DeliveryId], "a replay runs the delivery once more, a cut one included");
            (await router.RouteAsync(delivery, CancellationToken.None)).IsDuplicate.Should().BeTrue("a replayed delivery stays a duplicate for its sender");
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(3, "the replay writes the mark, the due entry and the job");
    }

    [Fact]
    public async Task A_fetch_cut_after_any_write_loses_no_job()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = SomeEvents.PullRequestMerged("d-" + queue.Worker);
            await router.RouteAsync(delivery, CancellationToken.None);

            var cut = await CutAsync(() => queue.FetchAsync(10, CancellationToken.None));

            // Cut or not, the fetch's lease is never settled here, as when its worker died with it.
            (await DrainAsync(queue, AckAsync(queue))).Should().Equal([delivery.DeliveryId], "the job comes back once");
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(4);
    }

    [Fact]
    public async Task A_fetch_that_moves_a_count_out_of_an_earlier_release_s_attempts_hash_cut_after_any_write_loses_no_job_and_at_most_that_attempt()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = SomeEvents.PullRequestMerged("d-" + queue.Worker);
            await router.RouteAsync(delivery, CancellationToken.None);
            var first = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            (await queue.RetryAsync(first, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
            await _store.Database.KeyDeleteAsync(queue.Keys.Attempt(first.Job.Id));
            await _store.Database.HashSetAsync(queue.Keys.Attempts, first.Job.Id, 3);

            var cut = await CutAsync(() => queue.FetchAsync(10, CancellationToken.None));

            // Three attempts before, one for the cut fetch if it leased the job (it counts when its lease runs out), one
            // for the drain's: a cut between moving the count and deleting the hash's field counts the cut one no more.
            var attempts = new List<int>();
            (await DrainAsync(queue, async leased =>
            {
                attempts.Add(leased.Job.Attempt);
                await AckAsync(queue)(leased);
            })).Should().Equal([delivery.DeliveryId], "the job comes back once");
            attempts.Single().Should().BeInRange(4, 5);
            await ShouldHaveNoOrphansAsync(queue);
            (await _store.Database.HashExistsAsync(queue.Keys.Attempts, first.Job.Id)).Should().BeFalse();
            return cut;
        });

        cuts.Should().Be(5, "the fetch leases the job, writes its token, moves its count (SET, then HDEL) and takes it out of its due set");
    }

    [Theory]
    [InlineData(Size.Small, 5)]
    [InlineData(Size.InParts, 7)] // and the two parts, after the job
    public async Task An_ack_cut_after_any_write_either_runs_the_job_again_or_finishes_it_and_the_delivery_stays_a_duplicate(Size size, int writes)
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = Delivery(queue, size);
            await router.RouteAsync(delivery, CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

            var cut = await CutAsync(() => queue.AckAsync(leased, CancellationToken.None));

            (await DrainAsync(queue, AckAsync(queue))).Should().HaveCountLessThanOrEqualTo(1);
            (await router.RouteAsync(delivery, CancellationToken.None)).IsDuplicate.Should().BeTrue();
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(writes);
    }

    [Theory]
    [InlineData(Size.Small, 4)]
    [InlineData(Size.Staged, 5)] // the staged copy's expiry removed and the copy renamed over the job, instead of one SET
    [InlineData(Size.InParts, 4)] // the parts stay as they are
    public async Task A_retry_cut_after_any_write_loses_no_job(Size size, int writes)
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = Delivery(queue, size);
            await router.RouteAsync(delivery, CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

            var cut = await CutAsync(() => queue.RetryAsync(leased, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None));

            var runs = new List<LeasedJob>();
            (await DrainAsync(queue, async job => { runs.Add(job); await AckAsync(queue)(job); })).Should().Equal([delivery.DeliveryId], "the job is tried again");
            runs.Single().Job.Event.Payload.ToArray().Should().Equal(delivery.Payload.ToArray());
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(writes);
    }

    [Fact]
    public async Task A_release_cut_after_any_write_loses_no_job()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = SomeEvents.PullRequestMerged("d-" + queue.Worker);
            await router.RouteAsync(delivery, CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

            var cut = await CutAsync(() => queue.ReleaseAsync(leased, CancellationToken.None));

            (await DrainAsync(queue, AckAsync(queue))).Should().Equal([delivery.DeliveryId], "the released job runs");
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(5);
    }

    [Theory]
    [InlineData(Size.Small, 6)]
    [InlineData(Size.Staged, 7)] // the staged copy's expiry removed and the copy renamed to the dead job, instead of one SET
    [InlineData(Size.InParts, 6)] // the parts stay as they are
    public async Task A_dead_letter_cut_after_any_write_leaves_the_job_in_the_dead_letters_once_or_back_in_the_queue(Size size, int writes)
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = Delivery(queue, size);
            await router.RouteAsync(delivery, CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

            var cut = await CutAsync(() => queue.DeadLetterAsync(leased, "Jira said no", CancellationToken.None));

            // A job that came back fails again, as it did before the crash.
            await DrainAsync(queue, job => queue.DeadLetterAsync(job, "Jira said no", CancellationToken.None));
            (await DeadLetters(queue).ListAsync(queue.Worker, 0, 10, CancellationToken.None)).Should().ContainSingle();
            (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 1));
            await ShouldHaveNoOrphansAsync(queue);

            // The dead letter still has its whole payload: replayed, it runs with it.
            await DeadLetters(queue).ReplayAllAsync(queue.Worker, CancellationToken.None);
            var runs = new List<LeasedJob>();
            await DrainAsync(queue, async job => { runs.Add(job); await AckAsync(queue)(job); });
            runs.Should().ContainSingle().Which.Job.Event.Payload.ToArray().Should().Equal(delivery.Payload.ToArray());
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(writes);
    }

    [Fact]
    public async Task A_replay_cut_after_any_write_loses_no_job_and_a_second_replay_runs_it_once()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            var delivery = SomeEvents.PullRequestMerged("d-" + queue.Worker);
            await router.RouteAsync(delivery, CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            await queue.DeadLetterAsync(leased, "Jira was not configured", CancellationToken.None);
            var dead = DeadLetters(queue);

            var cut = await CutAsync(() => dead.ReplayAllAsync(queue.Worker, CancellationToken.None));

            // The operator saw the replay fail and replays again.
            await dead.ReplayAllAsync(queue.Worker, CancellationToken.None);
            (await DrainAsync(queue, AckAsync(queue))).Should().Equal([delivery.DeliveryId], "the replayed job runs once");
            (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(6, "the replay sets the job, drops its attempts, adds it to due, deletes the dead job, and takes its id out of its dead set and of the one set of earlier releases");
    }

    [Fact]
    public async Task A_purge_cut_after_any_write_of_a_dead_letter_stored_in_parts_leaves_no_part_behind_once_purged_again()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            await router.RouteAsync(Delivery(queue, Size.InParts), CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            await queue.DeadLetterAsync(leased, "Jira said no", CancellationToken.None);
            var dead = DeadLetters(queue);

            var cut = await CutAsync(() => dead.PurgeAsync(queue.Worker, CancellationToken.None));

            // The operator saw the purge fail and purges again.
            await dead.PurgeAsync(queue.Worker, CancellationToken.None);
            (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
            await ShouldHaveNoOrphansAsync(queue);
            return cut;
        });

        cuts.Should().Be(4, "the purge deletes the dead job, its two parts last to first, and its entry");
    }

    [Fact]
    public async Task A_done_mark_cut_after_any_write_never_leaves_the_effect_free_to_happen_again_unchecked()
    {
        var cuts = await EveryCutAsync(async (queue, router) =>
        {
            await router.RouteAsync(SomeEvents.PullRequestMerged("d-" + queue.Worker), CancellationToken.None);
            var first = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            var idempotency = new RedisIdempotencyStore(_store, queue.Worker, first);
            await idempotency.ClaimAsync("d:SOC-1", "To Do→In Progress", CancellationToken.None);

            var cut = await CutAsync(() => idempotency.MarkDoneAsync("d:SOC-1", CancellationToken.None));

            // The worker died after the move: the job's next attempt must learn that the move may have happened.
            _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
            var second = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            var claim = await new RedisIdempotencyStore(_store, queue.Worker, second).ClaimAsync("d:SOC-1", "To Do→In Progress", CancellationToken.None);
            claim.Should().Match<IdempotencyClaim>(c =>
                c.Status == IdempotencyClaimStatus.AlreadyDone || (c.Status == IdempotencyClaimStatus.Claimed && c.AbandonedNote == "To Do→In Progress"));
            if (!cut)
            {
                claim.Status.Should().Be(IdempotencyClaimStatus.AlreadyDone);
            }

            return cut;
        });

        cuts.Should().Be(3);
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> with the step under test cut after 0, 1, 2… writes, each time for a worker of its
    /// own, until the step completes uncut; returns how many cuts there were.
    /// </summary>
    private async Task<int> EveryCutAsync(Func<RedisWorkerQueue, RedisEventRouter, Task<bool>> scenario)
    {
        for (var writes = 0; writes < 50; writes++)
        {
            var worker = $"w{writes}";
            var queue = new RedisWorkerQueue(_store, worker, Options);
            var router = new RedisEventRouter(_store, [TestWorkers.Receiving(_store, worker, EventFilter.Default)]);
            _cutAfter = writes;
            if (!await scenario(queue, router))
            {
                return writes;
            }
        }

        throw new InvalidOperationException("The step was still cut after 50 writes.");
    }

    /// <summary>Runs <paramref name="step"/> cut after <see cref="_cutAfter"/> writes; <see langword="true"/> when the cut was reached.</summary>
    private Task<bool> CutAsync(Func<Task> step) => CrashPoint.RunAsync(_store, _cutAfter, static _ => true, step);

    /// <summary>Lets every lease run out and settles whatever the queue hands out, until nothing is due or leased.</summary>
    private async Task<List<string>> DrainAsync(RedisWorkerQueue queue, Func<LeasedJob, Task> settle)
    {
        var processed = new List<string>();
        for (var round = 0; round < 10; round++)
        {
            _clock.Advance(Options.LeaseTime + TimeSpan.FromSeconds(1));
            var fetched = await queue.FetchAsync(100, CancellationToken.None);
            foreach (var leased in fetched.Jobs)
            {
                processed.Add(leased.Job.Event.DeliveryId);
                await settle(leased);
            }

            var counts = await queue.CountAsync(CancellationToken.None);
            if (fetched.Jobs.Count == 0 && counts.Due == 0 && counts.Leased == 0)
            {
                return processed;
            }
        }

        throw new InvalidOperationException("The queue did not drain in ten rounds.");
    }

    /// <summary>How large a delivery's payload is, and so how its job is stored.</summary>
    public enum Size
    {
        /// <summary>A few kilobytes: the job goes in the script's argument.</summary>
        Small,

        /// <summary>Over <see cref="QueueScripts.Staged"/>: the job is staged beside its script.</summary>
        Staged,

        /// <summary>Over <see cref="JobJson.PartBytes"/>: the payload is stored in two parts beside the job.</summary>
        InParts,
    }

    /// <summary>A delivery of its own for <paramref name="queue"/>, of <paramref name="size"/>.</summary>
    private static WebhookEvent Delivery(RedisWorkerQueue queue, Size size)
    {
        var delivery = SomeEvents.PullRequestMerged("d-" + queue.Worker);
        var length = size switch { Size.Staged => QueueScripts.Staged + 1024, Size.InParts => JobJson.PartBytes + 1024, _ => 0 };
        return length == 0 ? delivery : delivery with { Payload = Enumerable.Range(0, length).Select(i => (byte)(i % 253)).ToArray() };
    }

    private static Func<LeasedJob, Task> AckAsync(RedisWorkerQueue queue) =>
        async leased => (await queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();

    private RedisDeadLetterStore DeadLetters(RedisWorkerQueue queue) => new(_store, [queue.Worker]);

    /// <summary>
    /// No stored job is unreachable: each job key is due (in the first due set or its overflow set) or leased, each dead
    /// job key is in the dead set, and each payload part belongs to a job or a dead job, or still expires.
    /// </summary>
    private async Task ShouldHaveNoOrphansAsync(RedisWorkerQueue queue)
    {
        // Every primary: on a cluster the keys live on whichever node owns their slot.
        var keys = queue.Keys;
        foreach (var server in _store.Connection.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: keys.JobPrefix + "*"))
            {
                var id = ((string)key!)[keys.JobPrefix.Length..];
                var reachable = (await _store.Database.SortedSetScoreAsync(keys.Due, id)).HasValue
                    || (await _store.Database.SortedSetScoreAsync(keys.DueOverflowOf(id), id)).HasValue
                    || (await _store.Database.SortedSetScoreAsync(keys.Leased, id)).HasValue;
                reachable.Should().BeTrue($"job {id} is stored but neither due nor leased");
            }

            await foreach (var key in server.KeysAsync(pattern: keys.AttemptPrefix + "*"))
            {
                // A count outlives its job only while the job's id is still due or leased: the fetch that drops it deletes it.
                var id = ((string)key!)[keys.AttemptPrefix.Length..];
                var counted = await _store.Database.KeyExistsAsync(keys.Job(id))
                    || (await _store.Database.SortedSetScoreAsync(keys.Due, id)).HasValue
                    || (await _store.Database.SortedSetScoreAsync(keys.DueOverflowOf(id), id)).HasValue
                    || (await _store.Database.SortedSetScoreAsync(keys.Leased, id)).HasValue;
                counted.Should().BeTrue($"attempt count {key} is stored and its job is gone");
            }

            await foreach (var key in server.KeysAsync(pattern: keys.DeadJobPrefix + "*"))
            {
                var id = ((string)key!)[keys.DeadJobPrefix.Length..];
                (await _store.Database.SortedSetScoreAsync(keys.DeadSetOf(id), id)).HasValue.Should().BeTrue($"dead job {id} is stored but not listed");
            }

            await foreach (var key in server.KeysAsync(pattern: keys.PartsPrefix + "*"))
            {
                var part = (string)key!;
                var id = part[keys.PartsPrefix.Length..part.LastIndexOf(':')];
                // One still expiring was written for a script that never ran to its end: it goes by itself.
                var owned = await _store.Database.KeyExistsAsync(keys.Job(id)) || await _store.Database.KeyExistsAsync(keys.DeadJob(id))
                    || (await _store.Database.KeyTimeToLiveAsync(key)).HasValue;
                owned.Should().BeTrue($"part {part} is stored, does not expire, and its job is gone");
            }
        }
    }
}

public sealed class CrashPointTests_on_redis(RedisServerBackend backend) : CrashPointTests(backend), IClassFixture<RedisServerBackend>;

public sealed class CrashPointTests_on_redis_cluster(RedisClusterBackend backend) : CrashPointTests(backend), IClassFixture<RedisClusterBackend>;

/// <remarks>
/// Each test on a Garnet of its own: Garnet's SCAN walks the whole log, and on the shared server the orphan checks
/// slowed from 0.1 to 0.9 s each as the log grew, to a third of this project's run.
/// </remarks>
public sealed class CrashPointTests_on_garnet : CrashPointTests
{
    private readonly PrivateGarnetBackend _backend;

    public CrashPointTests_on_garnet()
        : this(new PrivateGarnetBackend())
    {
    }

    private CrashPointTests_on_garnet(PrivateGarnetBackend backend)
        : base(backend) => _backend = backend;

    /// <inheritdoc />
    protected override ValueTask AfterEachTestAsync() => _backend.DisposeAsync();
}
