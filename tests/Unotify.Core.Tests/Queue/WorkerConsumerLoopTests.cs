using Microsoft.Extensions.Logging;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// The consumer's loop against an in-memory queue on a fake clock: lease, renew, settle, retry, shutdown and fetch
/// failures, checked by what happens and in which order, with the clock moved by the test.
/// </summary>
public sealed class WorkerConsumerLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly WatchedTime _time = new();
    private readonly RecordingLogger<WorkerConsumer> _log = new();
    private WorkerConsumer? _consumer;

    public async ValueTask DisposeAsync()
    {
        if (_consumer is not null)
        {
            await _consumer.StopAsync(new CancellationToken(canceled: true));
        }
    }

    [Fact]
    public async Task A_due_job_is_leased_run_once_and_acknowledged()
    {
        var queue = Queue();
        var id = queue.Add("d1");
        var runs = 0;

        await StartAsync(queue, (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("moved"));
        });

        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "done", Deadline, "the ack");
        runs.Should().Be(1);
        queue.Jobs[id].Attempts.Should().Be(1);
        _log.Entries.Should().Contain(entry => entry.EventId.Id == 3002 && entry.Message.Contains("moved"));
    }

    [Fact]
    public async Task A_job_that_arrives_while_the_consumer_is_idle_wakes_it_without_waiting_for_the_poll()
    {
        var queue = Queue(new QueueOptions { MaxPollInterval = TimeSpan.FromMinutes(10) });
        await StartAsync(queue, (_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok")));
        await _time.WaitForTimerAsync(TimeSpan.FromMinutes(10));

        var id = queue.Add();

        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "done", Deadline, "the ack, with the clock standing still");
    }

    [Fact]
    public async Task A_long_attempt_renews_its_lease_every_third_of_the_lease_time_and_keeps_it()
    {
        var queue = Queue(new QueueOptions { LeaseTime = TimeSpan.FromSeconds(30) });
        var id = queue.Add();
        var started = new TaskCompletionSource();
        var finish = new TaskCompletionSource<ProcessingResult>();

        await StartAsync(queue, (_, _) =>
        {
            started.TrySetResult();
            return finish.Task;
        });
        await started.Task.WaitAsync(Deadline);
        for (var renewal = 1; renewal <= 4; renewal++)
        {
            await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
            await Eventually.HoldsAsync(() => queue.Renewals == renewal, Deadline, $"renewal {renewal}");
        }

        finish.SetResult(ProcessingResult.Done("slow but done"));

        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "done", Deadline, "the ack after 40 s of a 30 s lease");
        queue.Jobs[id].Attempts.Should().Be(1, "the renewed lease never ran out, so no one else ran the job");
    }

    [Fact]
    public async Task A_retry_waits_the_delay_the_processor_asks_for_then_runs_the_next_attempt()
    {
        var queue = Queue(new QueueOptions { MaxPollInterval = TimeSpan.FromMinutes(10) });
        var id = queue.Add();
        var attempts = new List<int>();

        await StartAsync(queue, (job, _) =>
        {
            lock (attempts)
            {
                attempts.Add(job.Attempt);
            }

            return Task.FromResult(job.Attempt == 1
                ? (ProcessingResult)ProcessingResult.Retry("Jira answered 429", TimeSpan.FromSeconds(20))
                : ProcessingResult.Done("moved"));
        });
        await Eventually.HoldsAsync(() => queue.Jobs[id] is { State: "due", Error: "Jira answered 429" }, Deadline, "the retry");

        await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(20));

        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "done", Deadline, "the second attempt");
        attempts.Should().Equal(1, 2);
        _log.Entries.Should().Contain(entry => entry.EventId.Id == 3003 && entry.Message.Contains("00:00:20") && entry.Message.Contains("Jira answered 429"));
    }

    [Fact]
    public async Task The_last_attempts_retry_dead_letters_the_job_with_its_reason()
    {
        var queue = Queue(new QueueOptions { MaxAttempts = 2, MaxPollInterval = TimeSpan.FromMinutes(10) });
        var id = queue.Add();

        await StartAsync(queue, (_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Retry("Jira answered 503", TimeSpan.FromSeconds(5))));
        await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(5));

        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "dead-lettered", Deadline, "the dead letter");
        queue.Jobs[id].Should().Be(("dead-lettered", 2, "attempts used up (2 of 2): Jira answered 503"));
        _log.Entries.Should().ContainSingle(entry => entry.EventId.Id == 3004).Which.Level.Should().Be(LogLevel.Error);
    }

    [Fact]
    public async Task A_processor_that_throws_is_logged_with_the_job_and_its_attempt_is_a_retry()
    {
        var queue = Queue();
        var id = queue.Add();

        await StartAsync(queue, (job, _) => job.Attempt == 1
            ? throw new InvalidOperationException("a bug in the plugin")
            : Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok")));
        await Eventually.HoldsAsync(() => queue.Jobs[id] is { State: "due", Attempts: 1 }, Deadline, "the retry");

        queue.Jobs[id].Error.Should().Be("InvalidOperationException: a bug in the plugin");
        var logged = _log.Entries.Should().ContainSingle(entry => entry.EventId.Id == 3008).Subject;
        logged.Message.Should().Contain(id).And.Contain("attempt 1");
        await _time.AdvanceWhenWaitingAsync(RetryBackoff.Ceiling(1, queue.Options.RetryBase, queue.Options.RetryMax));
        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "done", Deadline, "the second attempt");
    }

    [Fact]
    public async Task A_lost_lease_cancels_the_attempt_and_leaves_the_job_to_its_new_holder()
    {
        var queue = Queue(new QueueOptions { LeaseTime = TimeSpan.FromSeconds(30) });
        var id = queue.Add();
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();

        await StartAsync(queue, async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => cancelled.TrySetResult(), TaskScheduler.Default);
            return ProcessingResult.Done("should not be settled");
        });
        await started.Task.WaitAsync(Deadline);
        queue.TakeLeaseAway(id);
        await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));

        await cancelled.Task.WaitAsync(Deadline);
        await Eventually.HoldsAsync(() => _log.Entries.Any(entry => entry.EventId.Id == 3005), Deadline, "the lease-lost warning");
        queue.Jobs[id].State.Should().Be("leased", "the new holder's lease is not touched");
    }

    [Fact]
    public async Task Stopping_lets_a_running_job_finish_and_acknowledges_it()
    {
        var queue = Queue();
        var id = queue.Add();
        var started = new TaskCompletionSource();
        var finish = new TaskCompletionSource<ProcessingResult>();
        await StartAsync(queue, (_, _) =>
        {
            started.TrySetResult();
            return finish.Task;
        });
        await started.Task.WaitAsync(Deadline);

        var stopping = _consumer!.StopAsync(CancellationToken.None);
        finish.SetResult(ProcessingResult.Done("finished during shutdown"));
        await stopping.WaitAsync(Deadline);

        queue.Jobs[id].State.Should().Be("done");
    }

    [Fact]
    public async Task Stopping_cancels_a_job_that_outlasts_the_shutdown_timeout_and_gives_it_back_without_counting_the_attempt()
    {
        var queue = Queue(new QueueOptions { ShutdownTimeout = TimeSpan.FromSeconds(30) });
        var id = queue.Add();
        var started = new TaskCompletionSource();
        await StartAsync(queue, async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return ProcessingResult.Done("never");
        });
        await started.Task.WaitAsync(Deadline);

        var stopping = _consumer!.StopAsync(CancellationToken.None);
        await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(Deadline);

        queue.Jobs[id].Should().Be(("due", 0, (string?)null), "a release puts the job back as it was, for the next consumer");
        _log.Entries.Should().Contain(entry => entry.EventId.Id == 3006);
    }

    [Fact]
    public async Task Fetch_errors_back_off_doubling_and_are_logged_on_the_1st_2nd_and_4th_failure_then_recovery_once()
    {
        var queue = Queue();
        var error = new InvalidOperationException("ERR unknown command 'EVALSHA'");
        queue.FailFetches(error, error, error, error, error);

        await StartAsync(queue, (_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok")));
        foreach (var seconds in new[] { 1, 2, 4, 8, 16 })
        {
            await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(seconds));
        }

        await Eventually.HoldsAsync(() => _log.Entries.Any(entry => entry.EventId.Id == 3013), Deadline, "the recovery line");
        queue.Fetches.Should().Be(6);
        var failures = _log.Entries.Where(entry => entry.EventId.Id == 3012).ToList();
        failures.Select(entry => entry.Level).Should().AllBeEquivalentTo(LogLevel.Error);
        failures.Select(entry => entry.Message).Should().SatisfyRespectively(
            first => first.Should().Contain("failed 1 time(s) in a row; trying again in 00:00:01").And.Contain("Redis 6.2"),
            second => second.Should().Contain("failed 2 time(s) in a row; trying again in 00:00:02"),
            fourth => fourth.Should().Contain("failed 4 time(s) in a row; trying again in 00:00:08"));
        _log.Entries.Single(entry => entry.EventId.Id == 3013).Message.Should().Contain("after 5 failure(s)");
    }

    [Fact]
    public async Task Fetch_backoff_stops_growing_at_a_minute()
    {
        var queue = Queue();
        var error = new InvalidOperationException("ERR wrong type");
        queue.FailFetches(Enumerable.Repeat<Exception>(error, 8).ToArray());

        await StartAsync(queue, (_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok")));
        foreach (var seconds in new[] { 1, 2, 4, 8, 16, 32, 60, 60 })
        {
            await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(seconds));
        }

        await Eventually.HoldsAsync(() => queue.Fetches == 9, Deadline, "the ninth fetch");
    }

    [Fact]
    public async Task An_unreachable_store_is_polled_every_second_without_an_error_per_poll()
    {
        var queue = Queue();
        var outage = new StoreUnavailableException("Redis is unavailable (test).", new TimeoutException());
        queue.FailFetches(outage, outage, outage);
        var id = queue.Add();

        await StartAsync(queue, (_, _) => Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok")));
        for (var poll = 0; poll < 3; poll++)
        {
            await _time.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        }

        await Eventually.HoldsAsync(() => queue.Jobs[id].State == "done", Deadline, "the job once the store is back");
        _log.Entries.Should().NotContain(entry => entry.Level >= LogLevel.Error, "the store's outage log reports an outage once, not the consumer per poll");
    }

    private InMemoryWorkerQueue Queue(QueueOptions? options = null) => new(options ?? new QueueOptions(), _time);

    private async Task StartAsync(InMemoryWorkerQueue queue, Func<Job, CancellationToken, Task<ProcessingResult>> handle)
    {
        _consumer = new WorkerConsumer(queue, new JobHandlerFromDelegate(handle), _log);
        await _consumer.StartAsync(CancellationToken.None);
    }
}
