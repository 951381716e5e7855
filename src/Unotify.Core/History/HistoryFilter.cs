namespace Unotify.Core.History;

/// <summary>Which deliveries a history list keeps; every given field must match.</summary>
public sealed record HistoryFilter
{
    /// <summary>Every outcome a filter can ask for: the door's, then the attempts'.</summary>
    public static IReadOnlyList<string> Outcomes { get; } =
        [DoorOutcome.Queued, DoorOutcome.Duplicate, DoorOutcome.Ignored, DoorOutcome.Rejected, .. AttemptResults.All];

    /// <summary>
    /// Reads a "since" as a time (<c>2026-12-06T10:00:00Z</c>, UTC when no offset is given) or a duration back from
    /// <paramref name="now"/> (<c>2h</c>, <c>7d</c>).
    /// </summary>
    /// <param name="text">What the user wrote.</param>
    /// <param name="now">The time now.</param>
    /// <param name="since">The time it stands for.</param>
    /// <returns><see langword="false"/> when it is neither.</returns>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Sdk.DurationText.TryParse(text, out var ago) && ago > TimeSpan.Zero)
        {
            since = now - ago;
            return true;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out since);
    }

    /// <summary>The provider, or any.</summary>
    public string? Provider { get; init; }

    /// <summary>The repository id, or any.</summary>
    public string? RepoId { get; init; }

    /// <summary>A worker the delivery was queued for, or any.</summary>
    public string? Worker { get; init; }

    /// <summary>
    /// The outcome: a door outcome (queued, duplicate, ignored, rejected) or an attempt result that some worker's last
    /// attempt ended with (done, retry, fail, dead_lettered), or any.
    /// </summary>
    public string? Outcome { get; init; }

    /// <summary>Only deliveries that arrived at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Whether <paramref name="record"/> matches.</summary>
    /// <param name="record">A delivery.</param>
    /// <returns><see langword="true"/> when every given field matches.</returns>
    public bool Matches(DeliveryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Provider is null || string.Equals(record.Provider, Provider, StringComparison.OrdinalIgnoreCase))
            && (RepoId is null || string.Equals(record.RepoId, RepoId, StringComparison.Ordinal))
            && (Worker is null || record.Workers.Contains(Worker, StringComparer.Ordinal))
            && (Outcome is null || OutcomeMatches(record, Outcome));
    }

    private static bool OutcomeMatches(DeliveryRecord record, string outcome) =>
        string.Equals(record.Outcome, outcome, StringComparison.OrdinalIgnoreCase)
        || (outcome == DoorOutcome.Duplicate && record.Duplicates > 0)
        || record.Attempts.GroupBy(attempt => attempt.Worker).Any(group => string.Equals(group.Last().Result, outcome, StringComparison.OrdinalIgnoreCase));
}
