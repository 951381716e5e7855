using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>One event queued for one worker.</summary>
/// <param name="Id">The job's id, unique and stable across attempts.</param>
/// <param name="Worker">The worker the job belongs to.</param>
/// <param name="Event">The event to process.</param>
/// <param name="Attempt">The attempt now being made, starting at 1.</param>
/// <param name="EnqueuedAt">When the hub first queued the job.</param>
/// <param name="LastError">Why the previous attempt did not finish, or <see langword="null"/> on the first attempt.</param>
public sealed record Job(string Id, string Worker, WebhookEvent Event, int Attempt, DateTimeOffset EnqueuedAt, string? LastError)
{
    /// <summary>
    /// When the job's first counted attempt failed in this round (a replay starts a new round), the start of the
    /// worker's <c>give_up_after</c>; <see langword="null"/> until an attempt failed.
    /// </summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the request that queued the job, so that its attempts' spans join the delivery's
    /// trace; <see langword="null"/> when it was not traced.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// For a job of a worker that follows another (<c>after:</c>), how the followed worker's job for the same delivery
    /// ended; <see langword="null"/> for a job queued by the router.
    /// </summary>
    public FollowedOutcome? Followed { get; init; }

    /// <summary>
    /// The stored form this job was read from, empty for a job made in memory. The history keeps it as the delivery's
    /// event rather than writing the job again: a 25 MB delivery would otherwise cost another 25 MB on every attempt.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal ReadOnlyMemory<byte> StoredForm { get; init; }

    /// <summary>
    /// The name of the file beside the embedded store that holds the payload (<see cref="Storage.PayloadFiles"/>), or
    /// <see langword="null"/> when the payload is stored with the job. A job that names one is always stored naming it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal string? PayloadFile { get; init; }
}
