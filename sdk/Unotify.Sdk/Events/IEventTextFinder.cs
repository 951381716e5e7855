namespace Unotify.Sdk;

/// <summary>
/// Finds the texts an event names beyond its payload: what the sender's API says about it when asked (the messages of
/// a merged pull request's commits, of the commits a release ships). A provider implements it optionally, beside
/// <see cref="IWebhookProvider"/>; the host then offers it to processors through
/// <see cref="ProcessorContext.FindExtraTextsAsync"/>, in the worker, never while a delivery is received.
/// </summary>
/// <remarks>
/// Called concurrently for many jobs: keep no per-call state. Expected problems (the API's refusals, outages, rate
/// limits, malformed answers) are a <see cref="EventTextLookup.Failed"/> lookup carrying the result the processor
/// should return, never an exception; only cancellation (<see cref="OperationCanceledException"/>) may escape.
/// </remarks>
public interface IEventTextFinder
{
    /// <summary>The texts <paramref name="webhookEvent"/> names beyond its <see cref="WebhookEvent.Texts"/>, or why they could not be read.</summary>
    /// <param name="webhookEvent">An event this provider produced.</param>
    /// <param name="cancellationToken">Cancelled when the job's lease is lost or the host stops.</param>
    /// <returns>
    /// <see cref="EventTextLookup.None"/> when the event names nothing more (or the finder is not set up for it), the
    /// texts found (each with its <see cref="EventText.Origin"/>), or a failure.
    /// </returns>
    Task<EventTextLookup> FindTextsAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
