using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

public abstract class WorkerConsumerTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _disposables = [];
    private RedisStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.OpenAsync(backend);

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Ten_thousand_jobs_through_four_consumers_are_each_processed_once()
    {
        const int total = 10_000;
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { Concurrency = 8 });
        var runs = new ConcurrentDictionary<string, int>();
        var processed = 0;
        var handler = new JobHandlerFromDelegate((job, _) =>
        {
            runs.AddOrUpdate(job.Event.DeliveryId, 1, (_, count) => count + 1);
            Interlocked.Increment(ref processed);
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok"));
        });
        for (var consumer = 0; consumer < 4; consumer++)
        {
            await StartAsync(queue, handler);
        }

        for (var chunk = 0; chunk < total; chunk += 1000)
        {
            await Task.WhenAll(Enumerable.Range(chunk, 1000).Select(i => queue.RouteToAsync(_store, SomeEvents.PullRequestMerged($"d{i}"))));
        }

        await Eventually.HoldsAsync(() => Volatile.Read(ref processed) >= total, TimeSpan.FromSeconds(120), "10,000 jobs to be processed");
        await Eventually.HoldsAsync(async () => await queue.CountAsync(CancellationToken.None) == new QueueCounts(0, 0, 0), Deadline, "the queue to be empty");
        runs.Should().HaveCount(total);
        runs.Values.Should().OnlyContain(count => count == 1, "no lease expired (30 s lease), so no job may run twice");
    }

    [Fact]
    public async Task An_idle_consumer_is_woken_by_an_enqueue_without_waiting_for_the_poll()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { MaxPollInterval = TimeSpan.FromSeconds(30) });
        var done = new ConcurrentDictionary<string, long>();
        await StartAsync(queue, new JobHandlerFromDelegate((job, _) =>
        {
            done[job.Event.DeliveryId] = Stopwatch.GetTimestamp();
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok"));
        }));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("warm-up"));
        await Eventually.HoldsAsync(() => done.ContainsKey("warm-up"), Deadline, "the warm-up job");
        await Eventually.HoldsAsync(async () => (await queue.CountAsync(CancellationToken.None)).Leased == 0, Deadline, "the warm-up ack");

        var queuedAt = Stopwatch.GetTimestamp();
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("wake"));

        await Eventually.HoldsAsync(() => done.ContainsKey("wake"), TimeSpan.FromSeconds(10), "the job queued while idle");
        Stopwatch.GetElapsedTime(queuedAt, done["wake"]).Should().BeLessThan(TimeSpan.FromSeconds(3), "the poll interval is 30 s, so only the wake-up can explain it");
    }

    [Fact]
    public async Task A_retry_with_after_runs_again_when_due_and_sooner_than_the_poll()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { MaxPollInterval = TimeSpan.FromSeconds(30) });
        var attempts = new ConcurrentQueue<(int Attempt, string? LastError, long At)>();
        await StartAsync(queue, new JobHandlerFromDelegate((job, _) =>
        {
            attempts.Enqueue((job.Attempt, job.LastError, Stopwatch.GetTimestamp()));
            return Task.FromResult<ProcessingResult>(job.Attempt == 1 ? ProcessingResult.Retry("Jira 429", TimeSpan.FromMilliseconds(400)) : ProcessingResult.Done("ok"));
        }));

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());

        await Eventually.HoldsAsync(() => attempts.Count == 2, TimeSpan.FromSeconds(10), "the second attempt");
        var list = attempts.ToList();
        list[1].Attempt.Should().Be(2);
        list[1].LastError.Should().Be("Jira 429");
        Stopwatch.GetElapsedTime(list[0].At, list[1].At).Should().BeGreaterThan(TimeSpan.FromMilliseconds(350)).And.BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_handler_that_keeps_throwing_is_retried_then_dead_lettered_with_its_error()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions
        {
            MaxAttempts = 3,
            RetryBase = TimeSpan.FromMilliseconds(10),
            RetryMax = TimeSpan.FromMilliseconds(20),
        });
        var calls = 0;
        await StartAsync(queue, new JobHandlerFromDelegate((_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("Jira is down");
        }));

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d1"));

        var dead = new RedisDeadLetterStore(_store, ["atlassian"]);
        await Eventually.HoldsAsync(async () => (await dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Count == 1, Deadline, "the dead letter");
        var letter = (await dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Single();
        letter.Attempts.Should().Be(3);
        letter.Error.Should().Be("attempts used up (3 of 3): InvalidOperationException: Jira is down");
        calls.Should().Be(3);
        (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 1));
    }

    [Fact]
    public async Task Fail_dead_letters_at_once()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian");
        await StartAsync(queue, new JobHandlerFromDelegate((_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Fail("SOC-1: no transition to Done"))));

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());

        var dead = new RedisDeadLetterStore(_store, ["atlassian"]);
        await Eventually.HoldsAsync(async () => (await dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Count == 1, Deadline, "the dead letter");
        var letter = (await dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Single();
        letter.Should().BeEquivalentTo(new { Error = "SOC-1: no transition to Done", Attempts = 1 });
    }

    [Fact]
    public async Task An_unreadable_job_is_dead_lettered_and_logged_while_the_good_jobs_of_its_batch_run_to_completion()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { Concurrency = 4 });
        await CorruptJobs.QueueAsync(queue, "bad", "not a job at all"u8.ToArray());
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d1"));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d2"));
        var done = new ConcurrentDictionary<string, int>();
        var log = new RecordingLogger<WorkerConsumer>();

        await StartAsync(queue, new JobHandlerFromDelegate((job, _) =>
        {
            done.AddOrUpdate(job.Event.DeliveryId, 1, (_, count) => count + 1);
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok"));
        }), log);

        await Eventually.HoldsAsync(async () => await queue.CountAsync(CancellationToken.None) == new QueueCounts(0, 0, 1), Deadline, "the good jobs acked and the bad one dead");
        done.Should().Equal(new Dictionary<string, int> { ["d1"] = 1, ["d2"] = 1 });
        var logged = log.Entries.Should().ContainSingle(entry => entry.EventId.Id == 3011).Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Message.Should().StartWith("Worker atlassian: stored job bad could not be read (A stored job does not start with the unotify-job/2, /3 or /4 header")
            .And.EndWith("it was moved to the dead letters. Inspect it with `unotify dead list atlassian`, then purge or replay it");
        log.Entries.Should().NotContain(entry => entry.EventId.Id == 3010, "the batch was not lost to an unexpected error");
    }

    [Fact]
    public async Task Shutdown_lets_a_running_job_finish_and_acks_it()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian");
        var started = new TaskCompletionSource();
        var finished = false;
        var consumer = await StartAsync(queue, new JobHandlerFromDelegate(async (_, _) =>
        {
            started.SetResult();
            await Task.Delay(300, CancellationToken.None);
            finished = true;
            return ProcessingResult.Done("ok");
        }));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        await started.Task.WaitAsync(Deadline);

        await consumer.StopAsync(CancellationToken.None);

        finished.Should().BeTrue();
        (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task Shutdown_releases_a_job_that_outlives_the_timeout_without_counting_the_attempt()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(200) });
        var started = new TaskCompletionSource();
        var consumer = await StartAsync(queue, new JobHandlerFromDelegate(async (_, cancellationToken) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ProcessingResult.Done("never");
        }));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        await started.Task.WaitAsync(Deadline);

        await consumer.StopAsync(CancellationToken.None);

        (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(1, 0, 0));
        (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Attempt.Should().Be(1);
    }

    [Fact]
    public async Task Renewal_keeps_a_job_longer_than_its_lease_from_running_twice()
    {
        // Renewed every second, so a renewal may be late by up to two seconds before the lease ends: a 1.5 s lease
        // (renewed every 500 ms) once ran twice on a loaded 2-core machine. The job outlives one and a half leases.
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { LeaseTime = TimeSpan.FromSeconds(3) });
        var runs = 0;
        var handler = new JobHandlerFromDelegate(async (_, cancellationToken) =>
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(4500, cancellationToken);
            return ProcessingResult.Done("ok");
        });
        await StartAsync(queue, handler);
        await StartAsync(queue, handler);

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());

        await Eventually.HoldsAsync(async () => await queue.CountAsync(CancellationToken.None) == new QueueCounts(0, 0, 0), Deadline, "the job to be acked");
        runs.Should().Be(1);
    }

    [Fact]
    public async Task A_lost_lease_cancels_the_running_job_and_nothing_is_acked()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { LeaseTime = TimeSpan.FromMilliseconds(600) });
        var started = new TaskCompletionSource<Job>();
        var cancelled = new TaskCompletionSource();
        await StartAsync(queue, new JobHandlerFromDelegate(async (job, cancellationToken) =>
        {
            started.TrySetResult(job);
            await using (cancellationToken.Register(() => cancelled.TrySetResult()))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return ProcessingResult.Done("never");
        }));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged());
        var job = await started.Task.WaitAsync(Deadline);

        // Another consumer took the lease over (as after an expiry): the token no longer matches.
        await _store.Database.HashSetAsync(queue.Keys.Tokens, job.Id, "someone-else");

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        (await _store.Database.KeyExistsAsync(queue.Keys.Job(job.Id))).Should().BeTrue();
    }

    [Fact]
    public async Task A_job_whose_last_attempt_outran_its_lease_is_dead_lettered_without_running_again()
    {
        var clock = new AdjustableClock();
        await using var store = await TestStores.OpenAsync(backend, clock);
        var queue = new RedisWorkerQueue(store, "atlassian", new QueueOptions { MaxAttempts = 1, LeaseTime = TimeSpan.FromSeconds(5) });
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged());
        (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Should().ContainSingle("the first and only attempt, whose consumer then died");
        clock.Advance(TimeSpan.FromSeconds(6));
        var ran = false;

        await using var consumer = new WorkerConsumer(queue, new JobHandlerFromDelegate((_, _) =>
        {
            ran = true;
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok"));
        }));
        await consumer.StartAsync(CancellationToken.None);

        var dead = new RedisDeadLetterStore(store, ["atlassian"]);
        await Eventually.HoldsAsync(async () => (await dead.ListAsync("atlassian", 0, 1, CancellationToken.None)).Count == 1, Deadline, "the dead letter");
        (await dead.ListAsync("atlassian", 0, 1, CancellationToken.None)).Single().Error.Should().StartWith("gave up after 1 attempts; the last one's lease ended");
        ran.Should().BeFalse();
    }

    [Fact]
    public async Task Queued_processed_and_dead_jobs_are_counted_on_the_Unotify_meter()
    {
        var worker = $"metered-{Guid.NewGuid():N}";
        var measured = new ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == QueueMetrics.MeterName)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "worker" && Equals(tag.Value, worker))
                {
                    measured.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        var queue = new RedisWorkerQueue(_store, worker);
        await StartAsync(queue, new JobHandlerFromDelegate((job, _) => Task.FromResult<ProcessingResult>(
            job.Event.DeliveryId == "bad" ? ProcessingResult.Fail("no") : ProcessingResult.Done("ok"))));

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("good"));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("bad"));

        await Eventually.HoldsAsync(
            () => measured.GetValueOrDefault("unotify.jobs.processed") == 1 && measured.GetValueOrDefault("unotify.jobs.dead") == 1,
            Deadline,
            "the processed and dead counters");
        measured["unotify.jobs.queued"].Should().Be(2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_answer_that_settles_a_job_with_its_items_reaches_the_worker_that_follows_it(bool fails)
    {
        var jira = Core.Workers.Worker.Receiving(TestWorkers.Definition("jira"), _store);
        var chat = Core.Workers.Worker.Receiving(TestWorkers.Definition("chat") with { After = "jira" }, _store);
        var router = new Core.Routing.RedisEventRouter(_store, [jira, chat]);
        var item = new ItemOutcome("SOC-1", fails ? ItemOutcomeKind.Failed : ItemOutcomeKind.Moved, fails ? "Jira refused" : "To Do → In Progress");
        await StartAsync(jira.Queue, new JobHandlerFromDelegate((_, _) =>
            Task.FromResult<ProcessingResult>(fails ? ProcessingResult.Fail("Jira refused SOC-1", [item]) : ProcessingResult.Done("SOC-1 moved", [item]))));

        await router.RouteAsync(SomeEvents.PullRequestMerged("d-followed"), CancellationToken.None);

        await Eventually.HoldsAsync(async () => (await chat.Queue.CountAsync(CancellationToken.None)).Due == 1, Deadline, "the follow-up job");
        var followUp = (await chat.Queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job;
        followUp.Followed.Should().BeEquivalentTo(new FollowedOutcome("jira", fails, fails ? "Jira refused SOC-1" : "SOC-1 moved", [item]));
    }

    private async Task<WorkerConsumer> StartAsync(RedisWorkerQueue queue, IJobHandler handler, ILogger? logger = null)
    {
        var consumer = new WorkerConsumer(queue, handler, logger);
        _disposables.Add(consumer);
        await consumer.StartAsync(CancellationToken.None);
        return consumer;
    }
}

public sealed class WorkerConsumerTests_on_redis(RedisServerBackend backend) : WorkerConsumerTests(backend), IClassFixture<RedisServerBackend>;

public sealed class WorkerConsumerTests_on_redis_cluster(RedisClusterBackend backend) : WorkerConsumerTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class WorkerConsumerTests_on_garnet(GarnetBackend backend) : WorkerConsumerTests(backend), IClassFixture<GarnetBackend>;
