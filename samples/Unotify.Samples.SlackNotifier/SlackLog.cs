using Microsoft.Extensions.Logging;

namespace Unotify.Samples.SlackNotifier;

/// <summary>The notifier's log messages.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Worker {Worker}: posting merged pull requests and releases to {Host}")]
    public static partial void Configured(ILogger logger, string worker, string host);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: an earlier attempt stopped while posting; the message may appear twice")]
    public static partial void MayRepeat(ILogger logger, string deliveryId);
}
