using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Core.Configuration;
using Unotify.Core.History;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.StateMachines;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Workers;

/// <summary>
/// One worker of <c>workers.yaml</c>, built once at start-up from its <see cref="WorkerDefinition"/>: the filter that
/// picks its events, its queue, and in a process that runs workers its processor with the state machines and stores
/// that processor uses. The router asks each worker whether it <see cref="Takes"/> an event and queues through its
/// <see cref="Queue"/>; the worker's consumer (<see cref="CreateConsumer"/>) runs each attempt through
/// <see cref="HandleAsync"/>.
/// </summary>
/// <remarks>Immutable after construction and safe to use from many threads.</remarks>
public sealed class Worker : IJobHandler
{
    private readonly RedisStore _store;
    private readonly ILogger _processorLogger;
    private readonly ILogger _queueLogger;

    private static readonly IReadOnlyDictionary<string, IEventTextFinder> NoTextFinders = new Dictionary<string, IEventTextFinder>();
    private readonly IReadOnlyDictionary<string, IEventTextFinder> _textFinders;

    private Worker(WorkerDefinition definition, RedisStore store, IEventProcessor? processor, IStateMachines stateMachines, RedisRequestLimiter? limiter, ILoggerFactory loggers, IReadOnlyDictionary<string, IEventTextFinder>? textFinders = null)
    {
        _textFinders = textFinders ?? NoTextFinders;
        Definition = definition;
        _store = store;
        Processor = processor;
        StateMachines = stateMachines;
        Limiter = limiter;
        Queue = new RedisWorkerQueue(store, definition.Name, QueueOptionsOf(definition));
        Circuit = definition.Circuit.Enabled ? new RedisWorkerCircuit(store, definition.Name, definition.Circuit, definition.LeaseTime) : null;
        Cache = new RedisSharedCache(store, definition.Name);
        _processorLogger = loggers.CreateLogger("Unotify.Workers." + definition.Name);
        _queueLogger = loggers.CreateLogger("Unotify.Queue." + definition.Name);
    }

    /// <summary>The worker's name, its key under <c>workers:</c>.</summary>
    public string Name => Definition.Name;

    /// <summary>The worker as <c>workers.yaml</c> defines it.</summary>
    public WorkerDefinition Definition { get; }

    /// <summary>The worker's queue, with its concurrency, lease and retry settings.</summary>
    public RedisWorkerQueue Queue { get; }

    /// <summary>The worker's processor, or <see langword="null"/> in a process that only receives (<c>serve</c>).</summary>
    public IEventProcessor? Processor { get; }

    /// <summary>The worker's state machines, the ones its processor was constructed with.</summary>
    public IStateMachines StateMachines { get; }

    /// <summary>The cache the worker's replicas share.</summary>
    public ISharedCache Cache { get; }

    /// <summary>The worker's circuit breaker, or <see langword="null"/> with <c>circuit: off</c>.</summary>
    public IWorkerCircuit? Circuit { get; }

    /// <summary>The limiter its processor was given, or <see langword="null"/> in a process that only receives.</summary>
    public RedisRequestLimiter? Limiter { get; }

    /// <summary>A worker that runs <paramref name="processor"/>, constructed with <paramref name="stateMachines"/>.</summary>
    /// <param name="definition">The worker from <c>workers.yaml</c>.</param>
    /// <param name="store">The store its queue and stores live in.</param>
    /// <param name="processor">Its processor.</param>
    /// <param name="stateMachines">The state machines the processor was given.</param>
    /// <param name="loggers">Makes the worker's loggers, or none.</param>
    /// <param name="limiter">The request limiter the processor was given, or <see langword="null"/> to make one (pauses, and <c>rate:</c> when set).</param>
    /// <param name="textFinders">
    /// The providers that find texts beyond an event's payload, by provider name: the processor's context offers the one
    /// of each job's event (<see cref="ProcessorContext.FindExtraTextsAsync"/>). None when <see langword="null"/>.
    /// </param>
    /// <returns>The worker.</returns>
    public static Worker Running(
        WorkerDefinition definition, RedisStore store, IEventProcessor processor, IStateMachines stateMachines, ILoggerFactory? loggers = null, RedisRequestLimiter? limiter = null,
        IReadOnlyDictionary<string, IEventTextFinder>? textFinders = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(stateMachines);
        return new Worker(definition, store, processor, stateMachines, limiter ?? new RedisRequestLimiter(store, definition.Name, definition.Rate), loggers ?? NullLoggerFactory.Instance, textFinders);
    }

    /// <summary>A worker that only receives events for its queue (a <c>serve</c> process): it has no processor.</summary>
    /// <param name="definition">The worker from <c>workers.yaml</c>.</param>
    /// <param name="store">The store its queue lives in.</param>
    /// <returns>The worker.</returns>
    public static Worker Receiving(WorkerDefinition definition, RedisStore store)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(store);
        return new Worker(definition, store, null, WorkerStateMachines.None(definition.Name, definition.StateMachineEvent), null, NullLoggerFactory.Instance);
    }

    /// <summary>The queue settings of <paramref name="definition"/>.</summary>
    /// <param name="definition">The worker.</param>
    /// <returns>Its concurrency, lease and retry settings.</returns>
    public static QueueOptions QueueOptionsOf(WorkerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new QueueOptions
        {
            Concurrency = definition.Concurrency,
            Partitions = definition.Partitions,
            LeaseTime = definition.LeaseTime,
            MaxAttempts = definition.Retry.MaxAttempts,
            GiveUpAfter = definition.Retry.GiveUpAfter,
            RetryBase = definition.Retry.BaseDelay,
            RetryMax = definition.Retry.MaxDelay,
        };
    }

    /// <summary>Whether the worker's <c>on:</c> filter takes <paramref name="webhookEvent"/>.</summary>
    /// <param name="webhookEvent">A verified event.</param>
    /// <returns><see langword="true"/> when the router must queue it for this worker.</returns>
    public bool Takes(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return Definition.Filter.Matches(webhookEvent.Provider, webhookEvent.Kind);
    }

    /// <summary>
    /// A consumer of the worker's queue that runs each job through <see cref="HandleAsync"/>, guarded by the worker's
    /// circuit and request pause, announcing dead letters and circuit changes to <paramref name="alerts"/>.
    /// </summary>
    /// <param name="alerts">Where alerts go, or <see langword="null"/> for nowhere.</param>
    /// <param name="history">Where each settled attempt is recorded, or nowhere.</param>
    /// <param name="shutdownTimeout">How long a stop lets running jobs finish before giving them back; the queue's default when <see langword="null"/>.</param>
    /// <returns>The consumer, not yet started.</returns>
    /// <exception cref="InvalidOperationException">The worker has no processor.</exception>
    public WorkerConsumer CreateConsumer(IWorkerAlerts? alerts = null, IAttemptHistory? history = null, TimeSpan? shutdownTimeout = null)
    {
        if (Processor is null)
        {
            throw new InvalidOperationException($"Worker {Name} was built to receive only; it has no processor to consume its queue with.");
        }

        var guards = new WorkerGuards
        {
            Circuit = Circuit,
            PauseRequests = Limiter is { } limiter ? limiter.PauseAsync : null,
            Alerts = alerts,
        };
        return new WorkerConsumer(Queue, this, _queueLogger, guards, history, shutdownTimeout);
    }

    /// <summary>Whether the worker's processor declares that it can simulate (<see cref="EventProcessorAttribute.Simulates"/>).</summary>
    public bool CanSimulate =>
        Processor is not null && System.Reflection.CustomAttributeExtensions.GetCustomAttribute<EventProcessorAttribute>(Processor.GetType())?.Simulates == true;

    /// <summary>
    /// What the processor would do with <paramref name="webhookEvent"/> now, changing nothing: it is asked with
    /// <see cref="ProcessorContext.Simulate"/> set and an idempotency store that answers from the real marks but
    /// records nothing.
    /// </summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the simulation.</param>
    /// <param name="states">States given for items (<see cref="ProcessorContext.SimulatedStates"/>), or none.</param>
    /// <returns>The processor's answer, its items saying what would become of each ticket.</returns>
    /// <exception cref="InvalidOperationException">The worker has no processor, or it cannot simulate (<see cref="CanSimulate"/>).</exception>
    public async Task<ProcessingResult> SimulateAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? states = null)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var processor = Processor ?? throw new InvalidOperationException($"Worker {Name} was built to receive only; it cannot simulate.");
        if (!CanSimulate)
        {
            throw new InvalidOperationException($"The processor of worker {Name} does not declare that it can simulate.");
        }

        var context = new ProcessorContext
        {
            WorkerName = Name,
            JobId = "simulation",
            Attempt = 1,
            Idempotency = new SimulatedIdempotencyStore(_store, Name),
            Cache = Cache,
            Logger = _processorLogger,
            Simulate = true,
            SimulatedStates = states ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            TextFinder = _textFinders.GetValueOrDefault(webhookEvent.Provider),
        };
        return await processor.ProcessAsync(webhookEvent, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt at a job: the processor gets a <see cref="ProcessorContext"/> whose idempotency store belongs to this
    /// attempt's lease (a claim it makes is released for the next attempt once the lease is gone).
    /// </summary>
    /// <param name="leased">The job and the lease this attempt holds.</param>
    /// <param name="cancellationToken">Cancelled when the lease is lost or on shutdown.</param>
    /// <returns>The processor's answer. An exception it throws goes to the consumer, which logs it and retries.</returns>
    public async Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leased);
        var processor = Processor ?? throw new InvalidOperationException($"Worker {Name} was built to receive only; it cannot run jobs.");
        var job = leased.Job;
        using var scope = _processorLogger.BeginScope(new Dictionary<string, object>
        {
            ["Worker"] = Name,
            ["JobId"] = job.Id,
            ["DeliveryId"] = job.Event.DeliveryId,
            ["Attempt"] = job.Attempt,
        });
        var context = new ProcessorContext
        {
            WorkerName = Name,
            JobId = job.Id,
            Attempt = job.Attempt,
            Idempotency = new RedisIdempotencyStore(_store, Name, leased),
            Cache = Cache,
            Logger = _processorLogger,
            TextFinder = _textFinders.GetValueOrDefault(job.Event.Provider),
            Followed = job.Followed,
        };
        return await processor.ProcessAsync(job.Event, context, cancellationToken).ConfigureAwait(false);
    }
}
