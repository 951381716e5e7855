using Microsoft.Extensions.Logging;

namespace Unotify.Plugins.Http;

/// <summary>The <c>http</c> processor's log messages.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Worker {Worker}: posting events to {Host} ({Body}, {Signing})")]
    public static partial void Configured(this ILogger logger, string worker, string host, string body, string signing);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: an earlier attempt stopped while posting; the receiver may get it twice (an http receiver can de-duplicate on X-Unotify-Delivery)")]
    public static partial void MayRepeat(this ILogger logger, string deliveryId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Worker {Worker}: posting a message per event to {Service} at {Host}")]
    public static partial void ChatConfigured(this ILogger logger, string worker, string service, string host);
}
