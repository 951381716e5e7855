namespace Unotify.Core.History;

/// <summary>One delivery to a known hook as the history keeps it: what the door did, and every attempt of every worker.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="RepoId">The hook's repository id.</param>
/// <param name="DeliveryId">The sender's delivery id.</param>
/// <param name="Kind">The event kind, when the body was read that far.</param>
/// <param name="ReceivedAt">When it first arrived.</param>
/// <param name="Outcome">What the door did (<see cref="DoorOutcome"/>).</param>
/// <param name="Reason">Why it was rejected or ignored.</param>
/// <param name="Workers">The workers it was queued for.</param>
/// <param name="Duplicates">How many times it arrived again after the first.</param>
/// <param name="Attempts">Every attempt of every worker, in the order they ended; a replay before the attempts of the job it queued.</param>
public sealed record DeliveryRecord(
    string Provider,
    string RepoId,
    string DeliveryId,
    string? Kind,
    DateTimeOffset ReceivedAt,
    string Outcome,
    string? Reason,
    IReadOnlyList<string> Workers,
    int Duplicates,
    IReadOnlyList<AttemptRecord> Attempts);

/// <summary>One attempt of one worker at a delivery's job.</summary>
/// <param name="Worker">The worker.</param>
/// <param name="JobId">The job.</param>
/// <param name="Attempt">The attempt's number (a given-back attempt keeps its number for the next).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Result">How it ended: one of <see cref="AttemptResults"/>.</param>
/// <param name="Reason">The processor's summary or reason.</param>
/// <param name="Items">What became of each item (ticket, message).</param>
public sealed record AttemptRecord(
    string Worker,
    string JobId,
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Result,
    string? Reason,
    IReadOnlyList<ItemRecord> Items);

/// <summary>What became of one item in one attempt.</summary>
/// <param name="Subject">The ticket key or item name.</param>
/// <param name="Kind">moved, unchanged, skipped, failed, retrying, would_move.</param>
/// <param name="Detail">One line: what happened and why (Jira's answer when it said no).</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after, or wanted.</param>
/// <param name="Source">Where in the event the key was found.</param>
public sealed record ItemRecord(string Subject, string Kind, string Detail, string? From, string? To, string? Source)
{
    /// <summary>The record of a processor's <paramref name="item"/>, its kind in snake case (<c>would_move</c>).</summary>
    /// <param name="item">What the processor reported.</param>
    /// <returns>The record.</returns>
    public static ItemRecord Of(Sdk.ItemOutcome item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var kind = item.Kind == Sdk.ItemOutcomeKind.WouldMove ? "would_move" : item.Kind.ToString().ToLowerInvariant();
        return new ItemRecord(item.Subject, kind, item.Detail, item.From, item.To, item.Source);
    }
}
