using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>Turns the outcomes of an event's tickets into the job's one result, with an item per ticket.</summary>
internal static class ProcessingResultComposer
{
    /// <summary>
    /// Retry when any ticket needs one (tickets already done are protected by their idempotency marks), else Fail when
    /// any failed, else Done; the summary lists every ticket in order, and so do the items.
    /// </summary>
    /// <param name="outcomes">Each ticket's outcome, in the order of the keys.</param>
    /// <param name="sources">Where each key was found in the event.</param>
    public static ProcessingResult Compose(IReadOnlyList<TicketOutcome> outcomes, IReadOnlyDictionary<string, TicketKeyLocation> sources)
    {
        var summary = string.Join("; ", outcomes.Select(o => o.Summary));
        var items = outcomes.Select(outcome => Item(outcome, sources)).ToList();
        if (outcomes.Any(o => o.Kind == TicketOutcomeKind.NeedsRetry))
        {
            // Wait for the longest delay asked for, so that every throttled ticket can go ahead on the next attempt.
            var retrying = outcomes.Where(o => o.Kind == TicketOutcomeKind.NeedsRetry).ToList();
            var after = retrying.Max(o => o.RetryAfter);

            // Jira throttling or down for any ticket is the worker's problem, not the job's (see RetryCause).
            return retrying.Any(o => o.Cause == RetryCause.Throttled) ? ProcessingResult.Throttled(summary, after, items)
                : retrying.Any(o => o.Cause == RetryCause.Unavailable) ? ProcessingResult.Unavailable(summary, after, items)
                : ProcessingResult.Retry(summary, after, items);
        }

        return outcomes.Any(o => o.Kind == TicketOutcomeKind.Failed)
            ? ProcessingResult.Fail(summary, items)
            : ProcessingResult.Done(summary, items);
    }

    private static ItemOutcome Item(TicketOutcome outcome, IReadOnlyDictionary<string, TicketKeyLocation> sources) =>
        new(outcome.Key, KindOf(outcome.Kind), outcome.Summary.StartsWith(outcome.Key + ": ", StringComparison.Ordinal) ? outcome.Summary[(outcome.Key.Length + 2)..] : outcome.Summary)
        {
            From = outcome.From,
            To = outcome.To,
            Source = sources.TryGetValue(outcome.Key, out var source) ? source.SourceName : null,
        };

    private static ItemOutcomeKind KindOf(TicketOutcomeKind kind) => kind switch
    {
        TicketOutcomeKind.Moved => ItemOutcomeKind.Moved,
        TicketOutcomeKind.WouldMove => ItemOutcomeKind.WouldMove,
        TicketOutcomeKind.Unchanged => ItemOutcomeKind.Unchanged,
        TicketOutcomeKind.Skipped => ItemOutcomeKind.Skipped,
        TicketOutcomeKind.Failed => ItemOutcomeKind.Failed,
        _ => ItemOutcomeKind.Retrying,
    };
}
