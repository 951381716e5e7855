namespace Unotify.Sdk;

/// <summary>
/// Does something with each event a worker receives: moves tickets, posts notifications, calls another system.
/// </summary>
/// <remarks>
/// <para>
/// Delivery is at least once: the same event can reach <see cref="ProcessAsync"/> again after a crash, a lost lease
/// or a retry. Guard every external effect with <see cref="ProcessorContext.Idempotency"/> so it happens once.
/// </para>
/// <para>
/// Failure contract: return <see cref="ProcessingResult.Retry"/> for a transient problem (the host backs off and
/// calls again until the worker's attempts are used up), <see cref="ProcessingResult.Fail"/> for a problem a retry
/// cannot fix (the job goes to the worker's dead letters at once). An exception that escapes is logged and treated
/// as a retry with the host's backoff. Cancellation of <c>cancellationToken</c> means the host is shutting down or
/// the lease was lost: stop promptly; the job is handed out again later.
/// </para>
/// <para>One instance serves all of a worker's jobs concurrently, so an implementation must be thread-safe.</para>
/// <para>
/// A processor class is declared with <see cref="EventProcessorAttribute"/> (its name and the settings it reads); the
/// host creates one instance per worker that names it, passing the worker's <see cref="ProcessorSettings"/> to its
/// constructor, which should read and check them so that a bad value stops start-up.
/// </para>
/// </remarks>
public interface IEventProcessor
{
    /// <summary>Handles one event.</summary>
    /// <param name="webhookEvent">The event, as the provider parsed it.</param>
    /// <param name="context">The worker's settings, state machines, stores, attempt number and logger.</param>
    /// <param name="cancellationToken">Signalled when the host stops or the job's lease was lost.</param>
    /// <returns>What became of the event: done, to be retried, or failed for good.</returns>
    Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken);
}
