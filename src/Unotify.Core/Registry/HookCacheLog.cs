using Microsoft.Extensions.Logging;

namespace Unotify.Core.Registry;

/// <summary>The hook cache's log messages.</summary>
internal static partial class HookCacheLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Could not subscribe to hook changes yet (the client subscribes when Redis is back); meanwhile a hook changed elsewhere may be served stale for up to {TimeToLive}: {Reason}")]
    public static partial void SubscribeFailed(ILogger logger, TimeSpan timeToLive, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "The Redis {ConnectionType} connection was restored; dropped every cached hook, as change announcements may have been missed")]
    public static partial void ClearedOnReconnect(ILogger logger, string connectionType);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not unsubscribe from hook changes; the subscription ends with the connection: {Reason}")]
    public static partial void UnsubscribeFailed(ILogger logger, string reason);
}
