using Unotify.Core.Configuration;
using Unotify.Core.Queue;
using Unotify.Sdk;

namespace Unotify.Host.Workers;

/// <summary>Runs one attempt at a job: builds the worker's <see cref="ProcessorContext"/> and calls its processor.</summary>
internal sealed class ProcessorJobHandler(
    WorkerDefinition worker, IEventProcessor processor, IStateMachines stateMachines, IIdempotencyStore idempotency, ISharedCache cache, ILogger logger)
    : IJobHandler
{
    public async Task<ProcessingResult> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Worker"] = worker.Name,
            ["JobId"] = job.Id,
            ["DeliveryId"] = job.Event.DeliveryId,
            ["Attempt"] = job.Attempt,
        });
        var context = new ProcessorContext
        {
            WorkerName = worker.Name,
            JobId = job.Id,
            Settings = worker.Settings,
            StateMachines = stateMachines,
            StateMachineEvent = worker.StateMachineEvent,
            Idempotency = idempotency,
            Cache = cache,
            Attempt = job.Attempt,
            MaxAttempts = worker.Retry.MaxAttempts,
            Logger = logger,
        };
        return await processor.ProcessAsync(job.Event, context, cancellationToken);
    }
}
