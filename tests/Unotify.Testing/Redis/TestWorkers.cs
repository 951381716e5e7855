using Unotify.Core.Configuration;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Sdk;

namespace Unotify.Testing.Redis;

/// <summary>Workers as start-up builds them, for tests that route events in the way production does.</summary>
public static class TestWorkers
{
    /// <summary>A worker definition as workers.yaml would give it.</summary>
    /// <param name="name">The worker's name.</param>
    /// <param name="filter">Its <c>on:</c> filter; every event when <see langword="null"/>.</param>
    /// <param name="options">Its queue settings; the defaults when <see langword="null"/>.</param>
    /// <returns>The definition.</returns>
    public static WorkerDefinition Definition(string name, EventFilter? filter = null, QueueOptions? options = null)
    {
        options ??= new QueueOptions();
        return new WorkerDefinition
        {
            Name = name,
            Processor = name,
            ProcessorLocation = new SourceLocation("workers.yaml", $"workers.{name}.processor", 0, 0),
            Filter = filter ?? Everything,
            Settings = new ProcessorSettings(name, []),
            Concurrency = options.Concurrency,
            Partitions = options.Partitions,
            LeaseTime = options.LeaseTime,
            Retry = new RetryPolicy(options.MaxAttempts, options.RetryBase, options.RetryMax, options.GiveUpAfter),
        };
    }

    /// <summary>Every event from every provider, Unotify's own alerts included (which '*' alone does not take).</summary>
    public static EventFilter Everything { get; } = new([new EventFilterRule("*", "*"), new EventFilterRule(AlertEvents.Provider, "*")]);

    /// <summary>A worker without a processor, as a <c>serve</c> process builds it.</summary>
    /// <param name="store">The store.</param>
    /// <param name="name">The worker's name.</param>
    /// <param name="filter">Its filter; every event when <see langword="null"/>.</param>
    /// <returns>The worker.</returns>
    public static Worker Receiving(RedisStore store, string name, EventFilter? filter = null) =>
        Worker.Receiving(Definition(name, filter), store);

    /// <summary>
    /// Queues <paramref name="webhookEvent"/> for <paramref name="queue"/>'s worker alone (with the queue's settings, its
    /// partitions included) through the router, as a delivery to the HTTP API would (de-duplicated on its delivery id).
    /// </summary>
    /// <param name="queue">The worker's queue.</param>
    /// <param name="store">The store the queue lives in.</param>
    /// <param name="webhookEvent">The event.</param>
    /// <returns>What the router answered.</returns>
    public static Task<RouteOutcome> RouteToAsync(this RedisWorkerQueue queue, RedisStore store, WebhookEvent webhookEvent) =>
        new RedisEventRouter(store, [Worker.Receiving(Definition(queue.Worker, options: queue.Options), store)]).RouteAsync(webhookEvent, CancellationToken.None);
}
