using Unotify.Core.History;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Workers;

namespace Unotify.Host.Workers;

/// <summary>
/// One worker as a hosted service: its consumer, started and stopped with the host. Stopping lets in-flight jobs
/// finish (or go back to the queue) through the consumer's graceful stop.
/// </summary>
internal sealed class WorkerService(Worker worker, IWorkerAlerts alerts, IAttemptHistory history, TimeSpan? shutdownTimeout = null) : IHostedService, IAsyncDisposable
{
    private readonly WorkerConsumer _consumer = worker.CreateConsumer(alerts, history, shutdownTimeout);

    public Task StartAsync(CancellationToken cancellationToken) => _consumer.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _consumer.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _consumer.DisposeAsync();
}
