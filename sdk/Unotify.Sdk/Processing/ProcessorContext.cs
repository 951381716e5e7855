using Microsoft.Extensions.Logging;

namespace Unotify.Sdk;

/// <summary>
/// What the host hands a processor for one attempt at one job. What a processor needs for all of its jobs (its
/// <see cref="ProcessorSettings"/>, a worker's <see cref="IStateMachines"/>) it takes in its constructor instead.
/// </summary>
public sealed class ProcessorContext
{
    /// <summary>The worker's name, the key under <c>workers:</c> in <c>workers.yaml</c>.</summary>
    public required string WorkerName { get; init; }

    /// <summary>The id of the job being processed; stable across attempts.</summary>
    public required string JobId { get; init; }

    /// <summary>Which attempt this is, starting at 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Claims and marks effects so that each happens once across redeliveries; shared by all replicas.</summary>
    public required IIdempotencyStore Idempotency { get; init; }

    /// <summary>A cache with expiry shared by all replicas of this worker.</summary>
    public required ISharedCache Cache { get; init; }

    /// <summary>A logger whose scope carries the worker, job and delivery id.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>
    /// <see langword="true"/> when the host asks what the processor would do, not to do it (a simulation of a delivery
    /// from the history): read what you need, change nothing outside Unotify, and report the would-be outcome as items.
    /// <see cref="Idempotency"/> then answers as it would for the delivery but records nothing. Only processors whose
    /// <see cref="EventProcessorAttribute.Simulates"/> is set are asked.
    /// </summary>
    public bool Simulate { get; init; }

    /// <summary>
    /// In a simulation, the states the user gave for items, to be used instead of reading them from the service they
    /// live in (for the Jira processor: ticket key → status name, given as <c>unotify simulate --status SOC-1="In Progress"</c>).
    /// Keys compare case-insensitively. Empty outside simulations and when none were given; a processor reads what is not
    /// given as it would otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, string> SimulatedStates { get; init; } = NoStates;

    /// <summary>
    /// For a worker that follows another (<c>after:</c>), how the followed worker's job for this delivery ended, with its
    /// item outcomes; <see langword="null"/> for a worker that follows none, and when the followed worker did not take the
    /// event (the job was then queued at once).
    /// </summary>
    public FollowedOutcome? Followed { get; init; }

    /// <summary>
    /// What finds the texts the job's event names beyond its payload: the event's provider when it implements
    /// <see cref="IEventTextFinder"/>, else <see langword="null"/>. Processors call <see cref="FindExtraTextsAsync"/>.
    /// </summary>
    public IEventTextFinder? TextFinder { get; init; }

    /// <summary>
    /// The texts <paramref name="webhookEvent"/> names beyond its payload, as its provider finds them by asking the
    /// sender's API (a merged pull request's commit messages, the commits a release ships); read them with the event's
    /// own <see cref="WebhookEvent.Texts"/>. <see cref="EventTextLookup.None"/> when the provider finds none or is not
    /// set up to (no API token). When the lookup fails, return its <see cref="EventTextLookup.Problem"/>.
    /// </summary>
    /// <param name="webhookEvent">The job's event.</param>
    /// <param name="cancellationToken">The job's cancellation.</param>
    /// <returns>The lookup.</returns>
    public Task<EventTextLookup> FindExtraTextsAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return TextFinder is null ? Task.FromResult(EventTextLookup.None) : TextFinder.FindTextsAsync(webhookEvent, cancellationToken);
    }

    private static readonly IReadOnlyDictionary<string, string> NoStates = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
