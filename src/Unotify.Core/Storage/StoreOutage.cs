using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Unotify.Core.Storage;

/// <summary>
/// Whether the store answers, told by every store call's outcome, and the log of it: one warning when calls start to
/// fail, a count while they keep failing (at most one line per <see cref="ReportInterval"/>), one line when a call
/// succeeds again. An outage is noise a thousand times a second otherwise: every delivery answered 503 and every
/// worker's poll would log the same exception.
/// </summary>
public sealed partial class StoreOutage
{
    /// <summary>The shortest time between two "still unreachable" lines.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private volatile bool _down;
    private DateTimeOffset _since;
    private DateTimeOffset _lastReport;
    private long _failedSinceReport;
    private long _failedInAll;

    /// <summary>Creates the tracker.</summary>
    /// <param name="logger">Where the lines go, or none.</param>
    /// <param name="time">The clock.</param>
    public StoreOutage(ILogger? logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _logger = logger ?? NullLogger.Instance;
        _time = time;
    }

    /// <summary>Whether the last store call failed because the store could not be reached.</summary>
    public bool IsDown => _down;

    /// <summary>Records a call that could not reach the store.</summary>
    /// <param name="reason">What the client said.</param>
    public void Failed(string reason)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _failedInAll++;
            _failedSinceReport++;
            if (!_down)
            {
                _down = true;
                _since = now;
                _lastReport = now;
                _failedSinceReport = 0;
                LogUnreachable(_logger, reason);
            }
            else if (now - _lastReport >= ReportInterval)
            {
                LogStillUnreachable(_logger, now - _since, _failedSinceReport, now - _lastReport, reason);
                _lastReport = now;
                _failedSinceReport = 0;
            }
        }
    }

    /// <summary>Records a call the store answered; ends an outage.</summary>
    public void Succeeded()
    {
        if (!_down)
        {
            return;
        }

        lock (_lock)
        {
            if (!_down)
            {
                return;
            }

            _down = false;
            LogReachable(_logger, _time.GetUtcNow() - _since, _failedInAll);
            _failedInAll = 0;
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "The store is unreachable ({Reason}). Deliveries are answered 503 so that senders retry, and workers wait; nothing accepted is lost. Check that Redis is running and reachable (UNOTIFY_REDIS)")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "The store is still unreachable after {Elapsed}: {Failed} call(s) failed in the last {Interval} ({Reason})")]
    private static partial void LogStillUnreachable(ILogger logger, TimeSpan elapsed, long failed, TimeSpan interval, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "The store is reachable again after {Elapsed}; {Failed} call(s) failed while it was away")]
    private static partial void LogReachable(ILogger logger, TimeSpan elapsed, long failed);
}
