using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Core.Storage;
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

    private static readonly TimeSpan AbandonTimeout = TimeSpan.FromSeconds(5);
    private readonly IWorkerQueue _queue;
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

    /// <summary>Creates a consumer of <paramref name="queue"/>; call <see cref="StartAsync"/> to begin.</summary>
    /// <param name="queue">The worker's queue (its options give concurrency, lease and retry settings, its clock the time).</param>
    /// <param name="handler">Runs each job.</param>
    /// <param name="logger">The log, or none.</param>
    public WorkerConsumer(IWorkerQueue queue, IJobHandler handler, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        _queue = queue;
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _options = queue.Options;
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
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var wait = _options.MaxPollInterval;
            var free = _options.Concurrency - _inFlight.Count;
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
                + $"Last error: {job.LastError ?? "none"}")).ConfigureAwait(false);
            return;
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        using var renewing = new CancellationTokenSource();
        var leaseLost = false;
        var renewal = RenewWhileRunningAsync(leased, attempt, () => leaseLost = true, renewing.Token);
        ProcessingResult? result;
        var started = Stopwatch.GetTimestamp();
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
            await SettleAsync(leased, null).ConfigureAwait(false);
            return;
        }

        await SettleAsync(leased, result).ConfigureAwait(false);
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

    /// <summary>Checkpoint: the job's answer becomes its new state in one script; a crash before this means it runs again.</summary>
    private async Task SettleAsync(LeasedJob leased, ProcessingResult? result)
    {
        var job = leased.Job;
        try
        {
            bool settled;
            switch (result)
            {
                case null:
                    settled = await _queue.ReleaseAsync(leased, CancellationToken.None).ConfigureAwait(false);
                    if (settled)
                    {
                        ConsumerLog.JobReleased(_logger, _queue.Worker, job.Id);
                    }

                    break;
                case ProcessingResult.DoneResult done:
                    settled = await _queue.AckAsync(leased, CancellationToken.None).ConfigureAwait(false);
                    if (settled)
                    {
                        QueueMetrics.JobProcessed(_queue.Worker);
                        ConsumerLog.JobDone(_logger, _queue.Worker, job.Id, job.Attempt, done.Summary);
                    }

                    break;
                case ProcessingResult.RetryResult retry when job.Attempt < _options.MaxAttempts:
                    var delay = retry.After ?? RetryBackoff.Delay(job.Attempt, _options.RetryBase, _options.RetryMax);
                    settled = await _queue.RetryAsync(leased, retry.Reason, delay, CancellationToken.None).ConfigureAwait(false);
                    if (settled)
                    {
                        QueueMetrics.JobRetried(_queue.Worker);
                        ConsumerLog.JobRetry(_logger, _queue.Worker, job.Id, job.Attempt, delay, retry.Reason);
                    }

                    break;
                default:
                    var reason = result switch
                    {
                        ProcessingResult.FailResult fail => fail.Reason,
                        ProcessingResult.RetryResult retry => $"attempts used up ({job.Attempt} of {_options.MaxAttempts}): {retry.Reason}",
                        _ => $"unknown result {result}",
                    };
                    settled = await _queue.DeadLetterAsync(leased, reason, CancellationToken.None).ConfigureAwait(false);
                    if (settled)
                    {
                        ConsumerLog.JobDeadLettered(_logger, _queue.Worker, job.Id, job.Attempt, reason);
                    }

                    break;
            }

            if (!settled)
            {
                ConsumerLog.LeaseLost(_logger, _queue.Worker, job.Id);
            }
        }
        catch (StoreUnavailableException)
        {
            ConsumerLog.SettleFailed(_logger, _queue.Worker, job.Id);
        }
    }
}
