using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>Turns the outcomes of an event's tickets into the job's one result.</summary>
internal static class ProcessingResultComposer
{
    /// <summary>
    /// Retry when any ticket needs one (tickets already done are protected by their idempotency marks), else Fail when
    /// any failed, else Done; the summary lists every ticket in order.
    /// </summary>
    public static ProcessingResult Compose(IReadOnlyList<TicketOutcome> outcomes)
    {
        var summary = string.Join("; ", outcomes.Select(o => o.Summary));
        if (outcomes.Any(o => o.Kind == TicketOutcomeKind.NeedsRetry))
        {
            // Wait for the longest delay asked for, so that every throttled ticket can go ahead on the next attempt.
            var after = outcomes.Where(o => o.Kind == TicketOutcomeKind.NeedsRetry).Max(o => o.RetryAfter);
            return ProcessingResult.Retry(summary, after);
        }

        return outcomes.Any(o => o.Kind == TicketOutcomeKind.Failed)
            ? ProcessingResult.Fail(summary)
            : ProcessingResult.Done(summary);
    }
}
