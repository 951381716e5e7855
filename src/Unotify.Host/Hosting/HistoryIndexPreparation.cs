using Unotify.Core.History;
using Unotify.Core.Storage;

namespace Unotify.Host.Hosting;

/// <summary>
/// Brings the history's list to the layout this process writes (<see cref="RedisDeliveryHistory.PrepareIndexAsync"/>)
/// in the background once the host runs: the host starts, and answers 503 meanwhile, while the store is unreachable, so
/// the move waits for it, trying again every <see cref="RetryDelay"/>. Until it is done, listings read the layout the
/// store records (the deliveries of this start are listed once it is).
/// </summary>
internal sealed partial class HistoryIndexPreparation(RedisDeliveryHistory history, TimeProvider time, ILogger<HistoryIndexPreparation> logger)
    : BackgroundService
{
    /// <summary>How long to wait before trying again while the store is unreachable.</summary>
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await history.PrepareIndexAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (StoreUnavailableException exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (!reported)
                {
                    LogWaiting(logger, exception.Message);
                    reported = true;
                }
            }
            catch (StackExchange.Redis.RedisServerException exception)
            {
                // The store refused a command (a key of another type where the list belongs): trying again cannot help.
                LogFailed(logger, exception.Message);
                return;
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Error, Message = "The delivery history's list could not be moved into place ({Reason}); listings may miss the deliveries this process writes until it is. Fix the store's keys and restart the host")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "The delivery history's list is not in place yet ({Reason}); trying again every 5 s")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
