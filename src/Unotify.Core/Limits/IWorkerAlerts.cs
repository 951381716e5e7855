using Unotify.Core.Queue;

namespace Unotify.Core.Limits;

/// <summary>
/// Tells other workers what went wrong with this one: a dead-lettered job, an opened or closed circuit (the
/// <c>unotify</c> events a worker takes with <c>on: { unotify: [dead_letter, circuit_open, circuit_closed] }</c>).
/// </summary>
/// <remarks>
/// Best effort after the fact: the dead letter or the circuit change is stored first; an alert that cannot be queued is
/// logged by the caller. Implementations never route an alert to the worker it is about.
/// </remarks>
public interface IWorkerAlerts
{
    /// <summary>A job of the worker was moved to the dead letters.</summary>
    /// <param name="job">The job.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the alert is queued.</returns>
    Task DeadLetteredAsync(Job job, string reason, CancellationToken cancellationToken);

    /// <summary>The worker's circuit opened.</summary>
    /// <param name="coolDown">How long until the first probe.</param>
    /// <param name="reason">The outage answer that opened it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the alert is queued.</returns>
    Task CircuitOpenedAsync(TimeSpan coolDown, string reason, CancellationToken cancellationToken);

    /// <summary>The worker's circuit closed: the service answered again.</summary>
    /// <param name="openFor">How long it was open.</param>
    /// <param name="probes">How many probes it took.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the alert is queued.</returns>
    Task CircuitClosedAsync(TimeSpan openFor, int probes, CancellationToken cancellationToken);
}
