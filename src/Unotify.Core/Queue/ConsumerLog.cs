using Microsoft.Extensions.Logging;

namespace Unotify.Core.Queue;

/// <summary>The consumer's log messages.</summary>
internal static partial class ConsumerLog
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Worker {Worker}: job {JobId} done (attempt {Attempt}): {Summary}")]
    public static partial void JobDone(ILogger logger, string worker, string jobId, int attempt, string summary);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Worker {Worker}: job {JobId} attempt {Attempt} will be retried in {Delay}: {Reason}")]
    public static partial void JobRetry(ILogger logger, string worker, string jobId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Worker {Worker}: job {JobId} moved to the dead letters after attempt {Attempt}: {Reason}")]
    public static partial void JobDeadLettered(ILogger logger, string worker, string jobId, int attempt, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Worker {Worker}: the lease of job {JobId} was lost; another consumer will run it again")]
    public static partial void LeaseLost(ILogger logger, string worker, string jobId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Worker {Worker}: job {JobId} released for another consumer on shutdown")]
    public static partial void JobReleased(ILogger logger, string worker, string jobId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Worker {Worker}: could not settle job {JobId} while the store is unreachable; it runs again when its lease ends")]
    public static partial void SettleFailed(ILogger logger, string worker, string jobId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Worker {Worker}: job {JobId} attempt {Attempt} threw; it counts as a retry")]
    public static partial void HandlerThrew(ILogger logger, string worker, string jobId, int attempt, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Worker {Worker}: {Count} job(s) ignored cancellation on shutdown; their leases will expire and they will run again")]
    public static partial void JobsAbandoned(ILogger logger, string worker, int count);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Worker {Worker}: a job's run ended with an unexpected error (a bug in Unotify); the job runs again when its lease ends")]
    public static partial void UnexpectedError(ILogger logger, string worker, Exception exception);

    [LoggerMessage(
        EventId = 3012,
        Level = LogLevel.Error,
        Message = "Worker {Worker}: fetching jobs failed {Failures} time(s) in a row; trying again in {Delay}. The store answered with an error, not an outage: "
            + "check that it is Redis 6.2 or later (or the embedded Garnet) with Lua scripting allowed, and that no other application writes under Unotify's key prefix")]
    public static partial void FetchFailed(ILogger logger, string worker, int failures, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Worker {Worker}: fetching jobs works again after {Failures} failure(s)")]
    public static partial void FetchRecovered(ILogger logger, string worker, int failures);

    [LoggerMessage(
        EventId = 3011,
        Level = LogLevel.Error,
        Message = "Worker {Worker}: stored job {JobId} could not be read ({Reason}); it was moved to the dead letters. "
            + "Inspect it with `unotify dead list {Worker}`, then purge or replay it")]
    public static partial void JobUnreadable(ILogger logger, string worker, string jobId, string reason);

    [LoggerMessage(
        EventId = 3020,
        Level = LogLevel.Warning,
        Message = "Worker {Worker}: circuit opened; the service it calls keeps failing ({Reason}). No jobs are fetched (they keep their attempts); one probe job is tried in {CoolDown}")]
    public static partial void CircuitOpened(ILogger logger, string worker, TimeSpan coolDown, string reason);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Worker {Worker}: circuit closed after {OpenFor} and {Probes} probe(s); the backlog drains")]
    public static partial void CircuitClosed(ILogger logger, string worker, TimeSpan openFor, int probes);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Debug, Message = "Worker {Worker}: the probe failed ({Reason}); next probe in {CoolDown}")]
    public static partial void CircuitReopened(ILogger logger, string worker, TimeSpan coolDown, string reason);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Debug, Message = "Worker {Worker}: trying one probe job while the circuit is open")]
    public static partial void CircuitProbe(ILogger logger, string worker);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Debug, Message = "Worker {Worker}: job {JobId} attempt {Attempt} given back while the circuit is open: {Reason}")]
    public static partial void JobHeldByCircuit(ILogger logger, string worker, string jobId, int attempt, string reason);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Worker {Worker}: the {Kind} alert could not be queued for the workers that take unotify events")]
    public static partial void AlertFailed(ILogger logger, string worker, string kind, Exception exception);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Warning, Message = "Worker {Worker}: could not {What} ({Failures} time(s) so far); the worker goes on as if it had no circuit breaker or pause")]
    public static partial void GuardFailed(ILogger logger, string worker, string what, int failures, Exception exception);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Error, Message = "Worker {Worker}: the fetch loop failed (a bug in Unotify); it starts again in a second")]
    public static partial void FetchLoopFailed(ILogger logger, string worker, Exception exception);

    [LoggerMessage(EventId = 3028, Level = LogLevel.Error, Message = "Worker {Worker}: {What}; the worker that should have followed it gets no job for that delivery")]
    public static partial void FollowUpDropped(ILogger logger, string worker, string what);
}
