using Unotify.Core.Configuration;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Host.Workers;

/// <summary>
/// One worker from workers.yaml as a hosted service: Core's consumer with a handler that calls the worker's processor.
/// Stopping lets in-flight jobs finish (or go back to the queue) through the consumer's graceful stop.
/// </summary>
internal sealed class WorkerService : IHostedService, IAsyncDisposable
{
    private readonly WorkerConsumer _consumer;

    public WorkerService(WorkerDefinition worker, IEventProcessor processor, IStateMachines stateMachines, RedisStore store, ILoggerFactory loggers)
    {
        var options = new QueueOptions
        {
            Concurrency = worker.Concurrency,
            LeaseTime = worker.LeaseTime,
            MaxAttempts = worker.Retry.MaxAttempts,
            RetryBase = worker.Retry.BaseDelay,
            RetryMax = worker.Retry.MaxDelay,
        };
        var queue = new RedisWorkerQueue(store, worker.Name, options);
        var handler = new ProcessorJobHandler(
            worker, processor, stateMachines, store, new RedisSharedCache(store, worker.Name),
            loggers.CreateLogger("Unotify.Workers." + worker.Name));
        _consumer = new WorkerConsumer(queue, handler, loggers.CreateLogger("Unotify.Queue." + worker.Name));
    }

    public Task StartAsync(CancellationToken cancellationToken) => _consumer.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _consumer.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _consumer.DisposeAsync();
}
