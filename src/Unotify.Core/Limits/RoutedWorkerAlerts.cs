using Unotify.Core.Queue;
using Unotify.Core.Routing;

namespace Unotify.Core.Limits;

/// <summary>A worker's alerts, queued through the router for every other worker that takes <c>unotify</c> events.</summary>
/// <param name="router">The router in force when an alert is raised (a reload replaces it).</param>
/// <param name="worker">The worker the alerts are about.</param>
/// <param name="time">The clock.</param>
public sealed class RoutedWorkerAlerts(Func<RedisEventRouter> router, string worker, TimeProvider time) : IWorkerAlerts
{
    /// <inheritdoc />
    public Task DeadLetteredAsync(Job job, string reason, CancellationToken cancellationToken) =>
        router().RouteAlertAsync(AlertEvents.ForDeadLetter(job, reason, time.GetUtcNow()), worker, cancellationToken);

    /// <inheritdoc />
    public Task CircuitOpenedAsync(TimeSpan coolDown, string reason, CancellationToken cancellationToken) =>
        router().RouteAlertAsync(AlertEvents.ForCircuitOpen(worker, coolDown, reason, time.GetUtcNow()), worker, cancellationToken);

    /// <inheritdoc />
    public Task CircuitClosedAsync(TimeSpan openFor, int probes, CancellationToken cancellationToken) =>
        router().RouteAlertAsync(AlertEvents.ForCircuitClosed(worker, openFor, probes, time.GetUtcNow()), worker, cancellationToken);
}
