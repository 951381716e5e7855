using Unotify.Core.Configuration;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Host.Workers;

/// <summary>Runs one attempt at a job: builds the worker's <see cref="ProcessorContext"/> and calls its processor.</summary>
/// <remarks>The idempotency store is made per attempt: a claim belongs to the lease of the attempt that made it.</remarks>
internal sealed class ProcessorJobHandler(
    WorkerDefinition worker, IEventProcessor processor, IStateMachines stateMachines, RedisStore store, ISharedCache cache, ILogger logger)
    : IJobHandler
{
    public async Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken)
    {
        var job = leased.Job;
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
            Idempotency = new RedisIdempotencyStore(store, worker.Name, leased),
            Cache = cache,
            Attempt = job.Attempt,
            MaxAttempts = worker.Retry.MaxAttempts,
            Logger = logger,
        };
        return await processor.ProcessAsync(job.Event, context, cancellationToken);
    }
}
