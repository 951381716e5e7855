using Microsoft.Extensions.Logging;

namespace Unotify.Core.Storage;

/// <summary>The store's log messages about how it is set up.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning,
        Message = "Redis at {EndPoint} keeps no append-only file (appendonly no): a crash of Redis loses deliveries answered 202 since its last snapshot. Set appendonly yes (appendfsync everysec) for Unotify's queue")]
    public static partial void NoAppendOnlyFile(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information,
        Message = "Deleted {Count} payload file(s) no job, dead letter or kept event names any more from {Directory}")]
    public static partial void PayloadFilesSwept(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning,
        Message = "Could not sweep the payload files in {Directory}; the next sweep tries again. {Reason}")]
    public static partial void PayloadFileSweepFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Debug,
        Message = "Read the time to live of {Count} keys of the embedded store; {Noted} keys are to be deleted once they expire")]
    public static partial void ExpiringKeysScanned(ILogger logger, int count, int noted);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning,
        Message = "Could not {Action} in the embedded store; tried again in 30 s. {Reason}")]
    public static partial void ExpiredKeyReapFailed(ILogger logger, string action, string reason);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning,
        Message = "The embedded Garnet server did not stop within {LimitSeconds} s (Garnet 2.2.12 can wait for good on a checkpoint it was taking). Everything written is in its append-only file, so nothing is lost (the next start replays it); the process exits without waiting, and {Directory} stays locked until it has")]
    public static partial void EmbeddedServerStopAbandoned(ILogger logger, double limitSeconds, string directory);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Warning,
        Message = "Could not {Action} ({File}): keys that run out while no host runs may stay on the embedded store's disk until this works. {Reason}")]
    public static partial void ExpiredKeyListFailed(ILogger logger, string action, string file, string reason);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Error,
        Message = "The embedded store's checkpoints have stopped: its append-only file is {Megabytes} MB (a checkpoint truncates it past {LimitMegabytes} MB) and has not shrunk for {Minutes} minutes ({Directory}). This is a known Garnet 2.2.12 problem (a compaction that waits for good on a large object, such as a backlog of tens of thousands of jobs in one partition). Nothing is lost, but the data directory grows until the host restarts, and the restart replays the whole file; restart it once the backlog has drained, and consider an external Redis (UNOTIFY_REDIS)")]
    public static partial void CheckpointsStalled(ILogger logger, long megabytes, long limitMegabytes, int minutes, string directory);

    [LoggerMessage(EventId = 5018, Level = LogLevel.Information,
        Message = "The embedded store's checkpoints finish again: its append-only file is down to {Megabytes} MB")]
    public static partial void CheckpointsResumed(ILogger logger, long megabytes);

    [LoggerMessage(EventId = 5019, Level = LogLevel.Debug,
        Message = "Could not read the size of the embedded store's append-only file in {Directory} ({Reason}); the next check tries again")]
    public static partial void CheckpointWatchUnreadable(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning,
        Message = "The embedded store's append-only file ended in a commit record that the last process's crash cut short ({BytesOnDisk} of its {RecordBytes} bytes on disk, at address {Address} of {File}). Erased it, so that the store recovers up to the commit before it: Garnet 2.2.12 reads such a record as 'nothing committed' and would start empty. Nothing answered was in it")]
    public static partial void TornCommitRecordErased(ILogger logger, int bytesOnDisk, long recordBytes, long address, string file);
}
