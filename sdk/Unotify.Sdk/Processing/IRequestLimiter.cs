namespace Unotify.Sdk;

/// <summary>
/// The worker's rate limit for calls to the service its processor talks to (<c>rate:</c> in <c>workers.yaml</c>), shared
/// by every replica of the worker. A processor takes it in its constructor and awaits <see cref="WaitAsync"/> before
/// each request, so a fleet of replicas stays within one limit (for example a Jira site's) together.
/// </summary>
/// <remarks>
/// A worker without <c>rate:</c> gets <see cref="Unlimited"/>, which never waits. The host also pauses the limiter
/// when an attempt returns <see cref="ProcessingResult.Throttled"/> with a delay: every request of the worker then
/// waits until the service's <c>Retry-After</c> has passed.
/// </remarks>
public interface IRequestLimiter
{
    /// <summary>A limiter that never waits.</summary>
    static IRequestLimiter Unlimited { get; } = new UnlimitedRequestLimiter();

    /// <summary>Waits until the worker may make one more request, and takes that turn.</summary>
    /// <param name="cancellationToken">Cancels the wait (the attempt was cancelled).</param>
    /// <returns>A task that completes when the request may be made.</returns>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    private sealed class UnlimitedRequestLimiter : IRequestLimiter
    {
        public ValueTask WaitAsync(CancellationToken cancellationToken) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : ValueTask.CompletedTask;
    }
}
