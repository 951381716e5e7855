using Unotify.Sdk;

namespace Unotify.Core.Routing;

/// <summary>
/// The hub: de-duplicates an accepted event on (provider, repo, delivery id) and queues one job per matching worker,
/// all in one atomic Redis step.
/// </summary>
public interface IEventRouter
{
    /// <summary>Records and routes <paramref name="webhookEvent"/>.</summary>
    /// <param name="webhookEvent">A verified, parsed event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was a duplicate, and which workers got a job.</returns>
    /// <exception cref="Storage.StoreUnavailableException">Redis could not be reached; nothing was stored.</exception>
    /// <exception cref="Storage.StoredJobTooLargeException">The event is larger than the store takes in one job; nothing was stored.</exception>
    Task<RouteOutcome> RouteAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
