using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Core.History;
using Unotify.Core.Limits;
using Unotify.Core.Storage;
using Unotify.Core.Tracing;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// Runs one worker's jobs: up to <see cref="QueueOptions.Concurrency"/> at once, woken by pub/sub on enqueue with a
/// poll of at most <see cref="QueueOptions.MaxPollInterval"/> as a fallback (never BLPOP: StackExchange.Redis cannot
/// block on its shared connection).
/// </summary>
/// <remarks>
/// At-least-once, checkpoint by checkpoint: a fetched job is leased, not removed (crash here → the lease ends and the
/// job comes back); the lease is renewed while the handler runs (crash → same); only after the handler's answer is the
/// job acked, rescheduled or dead-lettered in one script with the lease token (crash before → it runs again, which the
/// idempotency store makes harmless; a stale holder's token no longer matches, so it cannot settle someone else's lease).
/// </remarks>
public sealed class WorkerConsumer : IAsyncDisposable
{
    /// <summary>How soon a consumer looks again after a fetch found the store unreachable (the store's outage log reports that).</summary>
    public static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between fetches that keep failing with an error from the store.</summary>
    public static readonly TimeSpan MaxFetchBackoff = TimeSpan.FromSeconds(60);

    /// <summary>How long a consumer trusts that the worker's circuit is closed before it asks the store again.</summary>
    public static readonly TimeSpan CircuitCheckInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan AbandonTimeout = TimeSpan.FromSeconds(5);
    private readonly IWorkerQueue _queue;
    private readonly WorkerGuards _guards;
    private readonly IAttemptHistory? _history;
    private readonly IJobHandler _handler;
    private readonly ILogger _logger;
    private readonly QueueOptions _options;
    private readonly TimeProvider _time;
    private readonly WakeSignal _wake = new();
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _loop;
    private int _fetchFailures;
    private int _guardFailures;
    // UTC ticks until which a closed circuit is trusted; read and written from the loop and from settling attempts,
    // so kept as a long (a DateTimeOffset can be torn between threads).
    private long _circuitClosedUntil;

    // Set when this consumer recorded an outage or saw the circuit open: the next answer from the service is then
    // reported, so that the count of failures in a row is reset (or the circuit closed). Cleared once reported.
    private volatile bool _outageSeen;

    /// <summary>Creates a consumer of <paramref name="queue"/>; call <see cref="StartAsync"/> to begin.</summary>
    /// <param name="queue">The worker's queue (its options give concurrency, lease and retry settings, its clock the time).</param>
    /// <param name="handler">Runs each job.</param>
    /// <param name="logger">The log, or none.</param>
    /// <param name="guards">The worker's circuit breaker, request pause and alerts, or none.</param>
    /// <param name="history">Where each settled attempt is recorded, or nowhere.</param>
    /// <param name="shutdownTimeout">How long <see cref="StopAsync"/> lets running jobs finish; the queue's <see cref="QueueOptions.ShutdownTimeout"/> when <see langword="null"/>.</param>
    public WorkerConsumer(IWorkerQueue queue, IJobHandler handler, ILogger? logger = null, WorkerGuards? guards = null, IAttemptHistory? history = null, TimeSpan? shutdownTimeout = null)
    {
        _history = history;
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        _queue = queue;
        _guards = guards ?? WorkerGuards.None;
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _options = shutdownTimeout is { } grace ? queue.Options with { ShutdownTimeout = grace } : queue.Options;
        _time = queue.Time;
    }

    /// <summary>How many jobs are running now.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Subscribes to wake-ups and starts fetching.</summary>
    /// <param name="cancellationToken">Cancels the subscription.</param>
    /// <returns>A task that completes once the consumer is running.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException($"The consumer of worker {_queue.Worker} is already started.");
        }

        try
        {
            await _queue.SubscribeAsync(_wake.Set, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Not fatal (and logged by the store's outage log): the subscription is restored when the client
            // reconnects; meanwhile the poll finds the jobs.
        }

        _loop = Task.Run(FetchLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Stops fetching, lets in-flight jobs finish within <see cref="QueueOptions.ShutdownTimeout"/>, then cancels the rest
    /// and releases them to another consumer without counting the attempt. Nothing is lost.
    /// </summary>
    /// <param name="cancellationToken">Shortens the wait: when cancelled, running jobs are cancelled and released at once.</param>
    /// <returns>A task that completes when every job is settled.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        var running = Task.WhenAll(_inFlight.Values);
        try
        {
            await running.WaitAsync(_options.ShutdownTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.WaitAsync(AbandonTimeout, _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                ConsumerLog.JobsAbandoned(_logger, _queue.Worker, _inFlight.Count);
            }
        }

        try
        {
            await _queue.UnsubscribeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Logged by the store's outage log; the subscription ends with the connection anyway.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task FetchLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await FetchUntilStoppedAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // A bug in the loop must not stop the worker silently: log it and go on after a pause.
                ConsumerLog.FetchLoopFailed(_logger, _queue.Worker, exception);
                try
                {
                    await Task.Delay(StoreRetryDelay, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task FetchUntilStoppedAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var wait = _options.MaxPollInterval;
            var free = _options.Concurrency - _inFlight.Count;
            if (free > 0)
            {
                var gate = await CheckCircuitAsync().ConfigureAwait(false);
                if (gate.Kind == CircuitGateKind.Open)
                {
                    // The service is down: fetch nothing (queued jobs keep their attempts) and look again when a probe
                    // may be tried, or within a second (another replica may close the circuit meanwhile).
                    free = 0;
                    wait = gate.Wait < wait ? (gate.Wait > TimeSpan.Zero ? gate.Wait : TimeSpan.FromMilliseconds(1)) : wait;
                }
                else if (gate.Kind == CircuitGateKind.Probe)
                {
                    free = 1;
                }
            }

            if (free > 0)
            {
                FetchResult fetched;
                try
                {
                    // Checkpoint: the fetched jobs are leased in Redis; if this process dies now, they come back when the lease ends.
                    // Not cancelled by shutdown: a fetch that completed on the server must be seen here, or its jobs would
                    // wait out their lease instead of being released.
                    fetched = await _queue.FetchAsync(free, CancellationToken.None).ConfigureAwait(false);
                    FetchSucceeded();
                }
                catch (StoreUnavailableException)
                {
                    // The store's outage log reports it; look again soon, so that work resumes as soon as it is back.
                    wait = StoreRetryDelay;
                    fetched = new FetchResult([], null);
                }
                catch (Exception exception)
                {
                    // The store answered with an error (a script it refuses, a key of the wrong type) or the reply
                    // made no sense: trying again every second would only repeat it, so back off and say so.
                    wait = FetchFailed(exception);
                    fetched = new FetchResult([], null);
                }

                foreach (var unreadable in fetched.Unreadable)
                {
                    ConsumerLog.JobUnreadable(_logger, _queue.Worker, unreadable.Id, unreadable.Error);
                }

                foreach (var dropped in fetched.DroppedFollowUps)
                {
                    ConsumerLog.FollowUpDropped(_logger, _queue.Worker, dropped);
                }

                if (stopping.IsCancellationRequested)
                {
                    await ReleaseUnstartedAsync(fetched.Jobs).ConfigureAwait(false);
                    break;
                }

                foreach (var leased in fetched.Jobs)
                {
                    // Keyed by lease token: after a lost lease the same job id may be fetched again while the old attempt winds down.
                    var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _inFlight[leased.Token] = RunAsync(leased, registered.Task);
                    registered.SetResult();
                }

                if (fetched.Jobs.Count + fetched.Unreadable.Count == free)
                {
                    continue; // there may be more ready jobs; the loop waits below once every slot is busy
                }

                if (fetched.NextDueAt is { } nextDue)
                {
                    var untilDue = nextDue - _time.GetUtcNow();
                    wait = untilDue < wait ? (untilDue > TimeSpan.Zero ? untilDue : TimeSpan.FromMilliseconds(1)) : wait;
                }
            }

            try
            {
                await _wake.WaitAsync(wait, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Asks the worker's circuit whether to fetch. A closed answer is trusted for <see cref="CircuitCheckInterval"/>
    /// (one store call a second, not one per fetch); an unreachable store counts as closed, since the fetch then fails
    /// and reports it anyway.
    /// </summary>
    private async Task<CircuitGate> CheckCircuitAsync()
    {
        if (_guards.Circuit is not { } circuit || _time.GetUtcNow().UtcTicks < Volatile.Read(ref _circuitClosedUntil))
        {
            return CircuitGate.Closed;
        }

        CircuitGate gate;
        try
        {
            gate = await circuit.CheckAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return CircuitGate.Closed;
        }
        catch (Exception exception)
        {
            // The breaker protects the service; it must never stop the worker. Fetch as if closed, and say so.
            GuardFailed("check the circuit", exception);
            return CircuitGate.Closed;
        }

        QueueMetrics.CircuitIs(_queue.Worker, gate.Kind != CircuitGateKind.Closed);
        if (gate.Kind == CircuitGateKind.Closed)
        {
            Volatile.Write(ref _circuitClosedUntil, (_time.GetUtcNow() + CircuitCheckInterval).UtcTicks);
        }
        else
        {
            _outageSeen = true;
            if (gate.Kind == CircuitGateKind.Probe)
            {
                ConsumerLog.CircuitProbe(_logger, _queue.Worker);
            }
        }

        return gate;
    }

    /// <summary>
    /// Tells the circuit how an attempt ended: an outage answer counts towards opening it; any other answer from the
    /// service resets the count or closes it (reported only after an outage was seen, so a healthy worker makes no
    /// extra store call per job). Returns whether the circuit is open after it, so the attempt is given back.
    /// </summary>
    private async Task<bool> RecordInCircuitAsync(ProcessingResult result)
    {
        if (_guards.Circuit is not { } circuit)
        {
            return false;
        }

        var outage = result is ProcessingResult.RetryResult { Cause: RetryCause.Unavailable or RetryCause.Throttled };
        var neutral = result is ProcessingResult.RetryResult { Cause: RetryCause.Other };
        if (neutral || (!outage && !_outageSeen))
        {
            return false;
        }

        var reason = result switch
        {
            ProcessingResult.RetryResult retry => retry.Reason,
            ProcessingResult.FailResult fail => fail.Reason,
            ProcessingResult.DoneResult done => done.Summary,
            _ => string.Empty,
        };
        CircuitChange change;
        try
        {
            change = await circuit.RecordAsync(outage, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
        catch (Exception exception)
        {
            // The attempt is settled as if there were no breaker (counted), rather than left unsettled.
            GuardFailed("record an attempt in the circuit", exception);
            return false;
        }

        _outageSeen = outage;
        switch (change.Kind)
        {
            case CircuitChangeKind.Opened:
                Volatile.Write(ref _circuitClosedUntil, 0);
                QueueMetrics.CircuitOpened(_queue.Worker);
                ConsumerLog.CircuitOpened(_logger, _queue.Worker, change.CoolDown, reason);
                await AlertAsync(alerts => alerts.CircuitOpenedAsync(change.CoolDown, reason, CancellationToken.None), "circuit_open").ConfigureAwait(false);
                break;
            case CircuitChangeKind.Reopened:
                Volatile.Write(ref _circuitClosedUntil, 0);
                ConsumerLog.CircuitReopened(_logger, _queue.Worker, change.CoolDown, reason);
                break;
            case CircuitChangeKind.StillOpen:
                Volatile.Write(ref _circuitClosedUntil, 0);
                break;
            case CircuitChangeKind.Closed:
                QueueMetrics.CircuitIs(_queue.Worker, open: false);
                QueueMetrics.CircuitClosed(_queue.Worker);
                ConsumerLog.CircuitClosed(_logger, _queue.Worker, change.OpenFor, change.Probes);
                await AlertAsync(alerts => alerts.CircuitClosedAsync(change.OpenFor, change.Probes, CancellationToken.None), "circuit_closed").ConfigureAwait(false);
                break;
        }

        return change.LeavesOpen;
    }

    /// <summary>Pauses the worker's requests; a store that cannot take the pause only loses the pause (the job still retries after it).</summary>
    private async Task PauseRequestsAsync(Func<TimeSpan, CancellationToken, Task> pauseRequests, TimeSpan pause)
    {
        try
        {
            await pauseRequests(pause, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Logged by the store's outage log.
        }
        catch (Exception exception)
        {
            GuardFailed("pause the worker's requests", exception);
        }
    }

    /// <summary>Logs a failure of the circuit or the pause on the 1st, 2nd, 4th, 8th… time, so a lasting fault shows without flooding the log.</summary>
    private void GuardFailed(string what, Exception exception)
    {
        var failures = Interlocked.Increment(ref _guardFailures);
        if ((failures & (failures - 1)) == 0)
        {
            ConsumerLog.GuardFailed(_logger, _queue.Worker, what, failures, exception);
        }
    }

    /// <summary>Announces a dead letter or circuit change to the workers that take <c>unotify</c> events; a failure is logged, not thrown.</summary>
    private async Task AlertAsync(Func<IWorkerAlerts, Task> alert, string kind)
    {
        if (_guards.Alerts is not { } alerts)
        {
            return;
        }

        try
        {
            await alert(alerts).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Best effort after the fact: what it announces is stored already, and the job must still settle.
            ConsumerLog.AlertFailed(_logger, _queue.Worker, kind, exception);
        }
    }

    /// <summary>Counts a failed fetch and returns how long to wait: 1 s, doubling up to <see cref="MaxFetchBackoff"/>.</summary>
    /// <remarks>Logged on the 1st, 2nd, 4th, 8th… failure in a row, so a lasting fault is visible but does not flood the log.</remarks>
    private TimeSpan FetchFailed(Exception exception)
    {
        var failures = ++_fetchFailures;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxFetchBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 30))));
        if ((failures & (failures - 1)) == 0)
        {
            ConsumerLog.FetchFailed(_logger, _queue.Worker, failures, delay, exception);
        }

        return delay;
    }

    private void FetchSucceeded()
    {
        if (_fetchFailures > 0)
        {
            ConsumerLog.FetchRecovered(_logger, _queue.Worker, _fetchFailures);
            _fetchFailures = 0;
        }
    }

    private async Task ReleaseUnstartedAsync(IReadOnlyList<LeasedJob> jobs)
    {
        foreach (var leased in jobs)
        {
            await SettleAsync(leased, null).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(LeasedJob leased, Task registered)
    {
        await registered.ConfigureAwait(false); // runs on the thread pool once the task is in _inFlight
        try
        {
            await RunAttemptAsync(leased).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Unsettled: the lease ends and the job runs again (at-least-once), so logging is all that is left to do.
            ConsumerLog.UnexpectedError(_logger, _queue.Worker, exception);
        }
        finally
        {
            _inFlight.TryRemove(leased.Token, out _);
            _wake.Set(); // a slot is free: fetch more
        }
    }

    private async Task RunAttemptAsync(LeasedJob leased)
    {
        var job = leased.Job;
        if (job.Attempt > _options.MaxAttempts)
        {
            // The last attempt's lease ended without an answer (its consumer died or it outran the lease).
            await SettleAsync(leased, ProcessingResult.Fail(
                $"gave up after {_options.MaxAttempts} attempts; the last one's lease ended before it finished (its consumer stopped, or it ran longer than the lease). "
                + $"Last error: {job.LastError ?? "none"}"), _time.GetUtcNow()).ConfigureAwait(false);
            return;
        }

        if (job.Attempt > 1 && _options.GiveUpAfter is { } giveUpAfter && _time.GetUtcNow() - (job.FailingSince ?? job.EnqueuedAt) >= giveUpAfter)
        {
            // Attempts whose leases ended without an answer (a job that kills its consumer) are bounded by time too.
            await SettleAsync(leased, ProcessingResult.Fail(
                $"gave up {DurationText.Format(giveUpAfter)} after its first failure (give_up_after); the last attempt's lease ended before it finished. "
                + $"Last error: {job.LastError ?? "none"}"), _time.GetUtcNow()).ConfigureAwait(false);
            return;
        }

        var startedAt = _time.GetUtcNow();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        using var renewing = new CancellationTokenSource();
        var leaseLost = false;
        var renewal = RenewWhileRunningAsync(leased, attempt, () => leaseLost = true, renewing.Token);
        ProcessingResult? result = null;
        var started = Stopwatch.GetTimestamp();
        using var span = JobTracing.StartAttempt(job);
        try
        {
            result = await _handler.HandleAsync(leased, attempt.Token).ConfigureAwait(false)
                ?? ProcessingResult.Retry("the processor returned no result (null); it must return Done, Retry or Fail");
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            result = null;
        }
        catch (Exception exception)
        {
            ConsumerLog.HandlerThrew(_logger, _queue.Worker, job.Id, job.Attempt, exception);
            result = ProcessingResult.Retry($"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            QueueMetrics.AttemptTook(_queue.Worker, Stopwatch.GetElapsedTime(started));
            JobTracing.Finish(span, result);
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        if (leaseLost)
        {
            ConsumerLog.LeaseLost(_logger, _queue.Worker, job.Id);
            return;
        }

        if (result is null)
        {
            // Cancelled by shutdown: give the job back without counting the attempt.
            await SettleAsync(leased, null, startedAt).ConfigureAwait(false);
            return;
        }

        await SettleAsync(leased, result, startedAt).ConfigureAwait(false);
    }

    private async Task RenewWhileRunningAsync(LeasedJob leased, CancellationTokenSource attempt, Action onLost, CancellationToken cancellationToken)
    {
        var interval = _options.LeaseTime / 3;
        while (true)
        {
            try
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
                if (!await _queue.RenewAsync(leased, cancellationToken).ConfigureAwait(false))
                {
                    onLost();
                    await attempt.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException)
            {
                // Keep running (the store's outage log reports it): if Redis stays away past the lease, the next
                // renewal finds the lease lost.
            }
        }
    }

    private AttemptRecord AttemptOf(Job job, DateTimeOffset startedAt, string recorded, ProcessingResult? result) => new(
        _queue.Worker,
        job.Id,
        job.Attempt,
        startedAt,
        _time.GetUtcNow(),
        recorded,
        result switch
        {
            ProcessingResult.DoneResult done => done.Summary,
            ProcessingResult.RetryResult retry => retry.Reason,
            ProcessingResult.FailResult fail => fail.Reason,
            _ => "released on shutdown",
        },
        result?.Items.Select(ItemRecord.Of).ToList() ?? []);

    /// <summary>
    /// The job as it is kept for its next attempt (the start of its failing time set on a first attempt) and the delay,
    /// or <see langword="null"/> when its attempts or its time (<c>give_up_after</c>) are used up.
    /// </summary>
    private (Job Job, TimeSpan Delay)? RetryPlan(Job job, ProcessingResult.RetryResult retry)
    {
        if (job.Attempt >= _options.MaxAttempts)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var failingSince = job.Attempt == 1 ? now : job.FailingSince ?? job.EnqueuedAt;
        var delay = retry.After ?? RetryBackoff.Delay(job.Attempt, _options.RetryBase, _options.RetryMax);
        if (_options.GiveUpAfter is { } giveUpAfter)
        {
            var left = failingSince + giveUpAfter - now;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            // The last attempt is made when the time runs out, not after it.
            delay = delay < left ? delay : left;
        }

        return (job with { FailingSince = failingSince }, delay);
    }

    /// <summary>Checkpoint: the job's answer becomes its new state in one script; a crash before this means it runs again.</summary>
    private async Task SettleAsync(LeasedJob leased, ProcessingResult? result, DateTimeOffset? startedAt = null)
    {
        var job = leased.Job;
        try
        {
            string? recorded = null;
            var circuitOpen = result is not null && await RecordInCircuitAsync(result).ConfigureAwait(false);
            if (result is ProcessingResult.RetryResult { Cause: RetryCause.Throttled, After: { } pause } && _guards.PauseRequests is { } pauseRequests)
            {
                // The service asked the whole worker to slow down, not only this job.
                await PauseRequestsAsync(pauseRequests, pause).ConfigureAwait(false);
            }

            bool settled;
            switch (result)
            {
                case null:
                    settled = await _queue.ReleaseAsync(leased, CancellationToken.None).ConfigureAwait(false);
                    recorded = AttemptResults.Released;
                    if (settled)
                    {
                        ConsumerLog.JobReleased(_logger, _queue.Worker, job.Id);
                    }

                    break;
                case ProcessingResult.DoneResult done:
                    settled = await _queue.AckAsync(leased, done, CancellationToken.None).ConfigureAwait(false);
                    recorded = AttemptResults.Done;
                    if (settled)
                    {
                        QueueMetrics.JobProcessed(_queue.Worker);
                        ConsumerLog.JobDone(_logger, _queue.Worker, job.Id, job.Attempt, done.Summary);
                    }

                    break;
                case ProcessingResult.RetryResult retry when circuitOpen:
                    // The service is down and the circuit open: not this job's fault, so the attempt is given back. The
                    // job is due at once, but no consumer fetches while the circuit is open; a probe takes the first.
                    settled = await _queue.RetryAsync(leased, retry.Reason, TimeSpan.Zero, AttemptCount.GivenBack, CancellationToken.None).ConfigureAwait(false);
                    recorded = AttemptResults.Held;
                    if (settled)
                    {
                        ConsumerLog.JobHeldByCircuit(_logger, _queue.Worker, job.Id, job.Attempt, retry.Reason);
                    }

                    break;
                case ProcessingResult.RetryResult retry when RetryPlan(job, retry) is { } plan:
                    settled = await _queue.RetryAsync(leased with { Job = plan.Job }, retry.Reason, plan.Delay, AttemptCount.Counted, CancellationToken.None).ConfigureAwait(false);
                    recorded = AttemptResults.Retry;
                    if (settled)
                    {
                        QueueMetrics.JobRetried(_queue.Worker);
                        ConsumerLog.JobRetry(_logger, _queue.Worker, job.Id, job.Attempt, plan.Delay, retry.Reason);
                    }

                    break;
                default:
                    var reason = result switch
                    {
                        ProcessingResult.FailResult fail => fail.Reason,
                        ProcessingResult.RetryResult retry when job.Attempt >= _options.MaxAttempts => $"attempts used up ({job.Attempt} of {_options.MaxAttempts}): {retry.Reason}",
                        ProcessingResult.RetryResult retry => $"gave up {DurationText.Format(_options.GiveUpAfter ?? TimeSpan.Zero)} after its first failure (give_up_after), after {job.Attempt} attempts: {retry.Reason}",
                        _ => $"unknown result {result}",
                    };
                    settled = await _queue.DeadLetterAsync(leased, reason, result?.Items ?? [], CancellationToken.None).ConfigureAwait(false);
                    recorded = result is ProcessingResult.FailResult ? AttemptResults.Fail : AttemptResults.DeadLettered;
                    if (settled)
                    {
                        ConsumerLog.JobDeadLettered(_logger, _queue.Worker, job.Id, job.Attempt, reason);
                        if (!string.Equals(job.Event.Provider, AlertEvents.Provider, StringComparison.Ordinal))
                        {
                            // An alert's own dead letter announces nothing: a notifier that fails must not notify about itself.
                            await AlertAsync(alerts => alerts.DeadLetteredAsync(job, reason, CancellationToken.None), "dead_letter").ConfigureAwait(false);
                        }
                    }

                    break;
            }

            if (!settled)
            {
                ConsumerLog.LeaseLost(_logger, _queue.Worker, job.Id);
            }
            else if (_history is not null && startedAt is { } started && recorded is not null)
            {
                _ = _history.RecordAttemptAsync(job, AttemptOf(job, started, recorded, result));
            }
        }
        catch (StoreUnavailableException)
        {
            ConsumerLog.SettleFailed(_logger, _queue.Worker, job.Id);
        }
    }
}
