using System.Collections.Concurrent;
using Unotify.Core.Configuration;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Core.Tests.Queue;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Limits;

/// <summary>The consumer with its worker's circuit, request pause and alerts, on a real store and the real clock (short cool-downs).</summary>
public abstract class GuardedConsumerTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly CircuitPolicy Circuit = new(3, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1));
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
    public async Task An_outage_opens_the_circuit_once_and_no_job_is_dead_lettered_or_charged_an_attempt_however_long_it_lasts()
    {
        // Two attempts: without the circuit, every job would be dead-lettered within a second of the outage.
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { Concurrency = 4, MaxAttempts = 2, RetryBase = TimeSpan.FromMilliseconds(50), RetryMax = TimeSpan.FromMilliseconds(100) });
        var service = new FakeService();
        var alerts = new RecordingAlerts();
        for (var replica = 0; replica < 2; replica++)
        {
            await StartAsync(queue, service, alerts);
        }

        service.Down = true;
        for (var i = 0; i < 40; i++)
        {
            await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged($"d{i}"));
        }

        await Eventually.HoldsAsync(async () => (await CircuitOf("atlassian").ReadAsync(CancellationToken.None)).State != "closed", Deadline, "the circuit to open");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var callsWhileDown = service.Calls;
        service.Down = false;

        // At least once: a settle lost to a slow store call leaves its job leased until the lease ends, and then it runs
        // again, so the wait covers one lease beyond the deadline.
        await Eventually.HoldsAsync(() => service.Done.Count == 40, Deadline + queue.Options.LeaseTime, "every job to be done once the service is back");
        (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
        service.Done.Values.Should().OnlyContain(attempt => attempt <= 2, "attempts made while the circuit was open were given back");
        callsWhileDown.Should().BeLessThan(20, "an open circuit sends a probe now and then, not every job (2 replicas × 4 slots in flight when it opened, then probes 300 ms–1 s apart)");
        alerts.Opened.Should().Be(1);
        alerts.Closed.Should().Be(1);
        alerts.DeadLetters.Should().BeEmpty();
        (await CircuitOf("atlassian").ReadAsync(CancellationToken.None)).Should().Be(CircuitStatus.Closed);
    }

    [Fact]
    public async Task Without_the_circuit_the_same_outage_dead_letters_the_jobs_and_announces_each_once()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { Concurrency = 4, MaxAttempts = 2, RetryBase = TimeSpan.FromMilliseconds(50), RetryMax = TimeSpan.FromMilliseconds(100) });
        var service = new FakeService { Down = true };
        var alerts = new RecordingAlerts();
        await StartAsync(queue, service, alerts, circuit: false);

        for (var i = 0; i < 5; i++)
        {
            await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged($"d{i}"));
        }

        await Eventually.HoldsAsync(async () => (await queue.CountAsync(CancellationToken.None)).DeadLettered == 5, Deadline, "the jobs to be dead-lettered");
        await Eventually.HoldsAsync(() => alerts.DeadLetters.Count >= 5, Deadline, "the dead letters to be announced (just after they are stored)");
        alerts.DeadLetters.Select(dead => dead.JobId).Should().HaveCount(5).And.OnlyHaveUniqueItems();
        alerts.DeadLetters.Should().OnlyContain(dead => dead.Reason.StartsWith("attempts used up (2 of 2): Jira answered 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dead_lettered_alert_job_announces_nothing_so_a_failing_notifier_cannot_notify_about_itself()
    {
        var queue = new RedisWorkerQueue(_store, "slack", new QueueOptions { MaxAttempts = 1 });
        var alerts = new RecordingAlerts();
        await StartAsync(queue, new JobHandlerFromDelegate((_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Fail("Slack answered 404: check webhook_url"))), alerts, circuit: false);

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("alert-1", kind: AlertEvents.DeadLetter, provider: AlertEvents.Provider));
        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("github-1"));

        await Eventually.HoldsAsync(async () => (await queue.CountAsync(CancellationToken.None)).DeadLettered == 2, Deadline, "both jobs to be dead-lettered");
        await Eventually.HoldsAsync(() => !alerts.DeadLetters.IsEmpty, Deadline, "the GitHub job's dead letter to be announced (just after it is stored)");
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // an announcement of the alert job's own dead letter would have come by now
        alerts.DeadLetters.Should().ContainSingle().Which.Reason.Should().Be("Slack answered 404: check webhook_url");
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_dead_lettered_when_give_up_after_has_passed_since_its_first_failure()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions
        {
            MaxAttempts = null,
            GiveUpAfter = TimeSpan.FromSeconds(1.5),
            RetryBase = TimeSpan.FromMilliseconds(100),
            RetryMax = TimeSpan.FromMilliseconds(300),
        });
        var attempts = 0;
        await StartAsync(queue, new JobHandlerFromDelegate((_, _) =>
        {
            Interlocked.Increment(ref attempts);
            return Task.FromResult<ProcessingResult>(ProcessingResult.Retry("another attempt holds the claim"));
        }), new RecordingAlerts(), circuit: false);
        var started = DateTimeOffset.UtcNow;

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d1"));

        await Eventually.HoldsAsync(async () => (await queue.CountAsync(CancellationToken.None)).DeadLettered == 1, Deadline, "the job to be dead-lettered");
        (DateTimeOffset.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromSeconds(1.4));
        attempts.Should().BeGreaterThan(3, "no count limit: it was retried until its time was up");
        var dead = await new RedisDeadLetterStore(_store, ["atlassian"]).ListAsync("atlassian", 0, 10, CancellationToken.None);
        dead.Should().ContainSingle().Which.Error.Should().StartWith("gave up 1500ms after its first failure (give_up_after)");
    }

    [Fact]
    public async Task A_throttled_answer_with_retry_after_pauses_the_whole_worker_not_only_its_job()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { MaxAttempts = 5 });
        var pauses = new ConcurrentQueue<TimeSpan>();
        var calls = 0;
        var consumer = new WorkerConsumer(
            queue,
            new JobHandlerFromDelegate((_, _) => Task.FromResult<ProcessingResult>(Interlocked.Increment(ref calls) == 1
                ? ProcessingResult.Throttled("Jira answered 429", TimeSpan.FromSeconds(7))
                : ProcessingResult.Done("ok"))),
            guards: new WorkerGuards { PauseRequests = (pause, _) => { pauses.Enqueue(pause); return Task.CompletedTask; } });
        _disposables.Add(consumer);
        await consumer.StartAsync(CancellationToken.None);

        await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged("d1"));

        await Eventually.HoldsAsync(() => !pauses.IsEmpty, Deadline, "the pause");
        pauses.Should().Equal(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_circuit_that_fails_with_an_error_never_stops_the_worker_it_guards()
    {
        var queue = new RedisWorkerQueue(_store, "atlassian", new QueueOptions { MaxAttempts = 5, RetryBase = TimeSpan.FromMilliseconds(50), RetryMax = TimeSpan.FromMilliseconds(100) });
        var done = new ConcurrentDictionary<string, int>();
        var failNext = 1;
        var consumer = new WorkerConsumer(
            queue,
            new JobHandlerFromDelegate((job, _) =>
            {
                if (Interlocked.Exchange(ref failNext, 0) == 1)
                {
                    return Task.FromResult<ProcessingResult>(ProcessingResult.Throttled("Jira answered 429", TimeSpan.FromSeconds(1)));
                }

                done[job.Event.DeliveryId] = job.Attempt;
                return Task.FromResult<ProcessingResult>(ProcessingResult.Done("moved"));
            }),
            guards: new WorkerGuards { Circuit = new BrokenCircuit(), PauseRequests = (_, _) => throw new InvalidOperationException("no pause today") });
        _disposables.Add(consumer);
        await consumer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 5; i++)
        {
            await queue.RouteToAsync(_store, SomeEvents.PullRequestMerged($"d{i}"));
        }

        await Eventually.HoldsAsync(() => done.Count == 5, Deadline, "every job done although the circuit throws on every call");
    }

    private RedisWorkerCircuit CircuitOf(string worker) => new(_store, worker, Circuit, TimeSpan.FromSeconds(5));

    private async Task StartAsync(RedisWorkerQueue queue, IJobHandler handler, RecordingAlerts alerts, bool circuit = true)
    {
        var consumer = new WorkerConsumer(queue, handler, guards: new WorkerGuards { Circuit = circuit ? CircuitOf(queue.Worker) : null, Alerts = alerts });
        _disposables.Add(consumer);
        await consumer.StartAsync(CancellationToken.None);
    }

    /// <summary>A service that answers 503 while down; records the attempt each job was done at.</summary>
    private sealed class FakeService : IJobHandler
    {
        private int _calls;

        public volatile bool Down;

        public ConcurrentDictionary<string, int> Done { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Down)
            {
                return Task.FromResult<ProcessingResult>(ProcessingResult.Unavailable("Jira answered 503"));
            }

            Done.AddOrUpdate(leased.Job.Event.DeliveryId, leased.Job.Attempt, (_, _) => throw new InvalidOperationException($"{leased.Job.Event.DeliveryId} done twice"));
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("moved"));
        }
    }

    /// <summary>A circuit whose store answers with errors that are not outages (a script it refuses).</summary>
    private sealed class BrokenCircuit : IWorkerCircuit
    {
        public Task<CircuitGate> CheckAsync(CancellationToken cancellationToken) => throw new InvalidDataException("The circuit gate script answered 7.");

        public Task<CircuitChange> RecordAsync(bool outage, string reason, CancellationToken cancellationToken) => throw new InvalidDataException("The circuit record script answered 9.");

        public Task<CircuitStatus> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(CircuitStatus.Closed);
    }

    private sealed class RecordingAlerts : IWorkerAlerts
    {
        private int _opened;
        private int _closed;

        public ConcurrentQueue<(string JobId, string Reason)> DeadLetters { get; } = new();

        public int Opened => Volatile.Read(ref _opened);

        public int Closed => Volatile.Read(ref _closed);

        public Task DeadLetteredAsync(Job job, string reason, CancellationToken cancellationToken)
        {
            DeadLetters.Enqueue((job.Id, reason));
            return Task.CompletedTask;
        }

        public Task CircuitOpenedAsync(TimeSpan coolDown, string reason, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _opened);
            return Task.CompletedTask;
        }

        public Task CircuitClosedAsync(TimeSpan openFor, int probes, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _closed);
            return Task.CompletedTask;
        }
    }
}

public sealed class GuardedConsumerTests_on_redis(RedisServerBackend backend) : GuardedConsumerTests(backend), IClassFixture<RedisServerBackend>;

public sealed class GuardedConsumerTests_on_redis_cluster(RedisClusterBackend backend) : GuardedConsumerTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class GuardedConsumerTests_on_garnet(GarnetBackend backend) : GuardedConsumerTests(backend), IClassFixture<GarnetBackend>;
