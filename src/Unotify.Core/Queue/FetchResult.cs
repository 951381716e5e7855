namespace Unotify.Core.Queue;

/// <summary>What a fetch leased, and when the next job becomes due (or a lease expires) so an idle consumer knows when to look again.</summary>
/// <param name="Jobs">The leased jobs, at most the number asked for.</param>
/// <param name="NextDueAt">When the earliest remaining job is due or lease ends, or <see langword="null"/> when there is none.</param>
public sealed record FetchResult(IReadOnlyList<LeasedJob> Jobs, DateTimeOffset? NextDueAt)
{
    /// <summary>Jobs the fetch leased but could not read; they were moved to the worker's dead letters instead of returned.</summary>
    public IReadOnlyList<UnreadableJob> Unreadable { get; init; } = [];

    /// <summary>
    /// Follow-ups the fetch found waiting in the worker's outbox and could not relay for good (unreadable, or for a
    /// worker that no longer follows this one), each saying which and why; they were deleted.
    /// </summary>
    public IReadOnlyList<string> DroppedFollowUps { get; init; } = [];
}
