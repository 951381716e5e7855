using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>What became of one ticket key.</summary>
/// <param name="Key">The ticket key.</param>
/// <param name="Kind">The outcome.</param>
/// <param name="Summary">One line starting with the key: <c>SOC-1: To Do → In Progress</c>.</param>
/// <param name="RetryAfter">For <see cref="TicketOutcomeKind.NeedsRetry"/>: the delay to wait, when known.</param>
internal sealed record TicketOutcome(string Key, TicketOutcomeKind Kind, string Summary, TimeSpan? RetryAfter = null)
{
    /// <summary>The ticket's status when it was read, when it was.</summary>
    public string? From { get; init; }

    /// <summary>The status it moved to, or would move to in a dry run.</summary>
    public string? To { get; init; }

    /// <summary>For <see cref="TicketOutcomeKind.NeedsRetry"/>: whether Jira was down or throttling, or something else.</summary>
    public RetryCause Cause { get; init; }

    /// <summary>
    /// Whether Jira knows the ticket, so that a comment or a link can be added to it: it moved, stayed, would move, or
    /// was read and left alone (a command its state has no event for).
    /// </summary>
    public bool TicketExists => Kind is TicketOutcomeKind.Moved or TicketOutcomeKind.Unchanged or TicketOutcomeKind.WouldMove
        || (Kind == TicketOutcomeKind.Skipped && From is not null);

    /// <summary>This outcome with <paramref name="note"/> added to its summary: <c>…; linked to PR #42</c>.</summary>
    public TicketOutcome Noting(string note) => this with { Summary = $"{Summary}; {note}" };

    /// <summary>
    /// A retry because something done after the move (a comment, a link) did not reach Jira: the move itself is done
    /// and is not made again; the next attempt does only what is missing.
    /// </summary>
    /// <param name="what">What did not reach Jira: <c>the comment</c>.</param>
    /// <param name="problem">Jira's problem, unavailable or throttled.</param>
    public TicketOutcome RetryingFollowUp(string what, JiraProblem problem) =>
        new(Key, TicketOutcomeKind.NeedsRetry, $"{Key}: retry ({what} did not reach Jira: {problem.Message}; the move is done)", problem.RetryAfter)
        {
            From = From,
            To = To,
            Cause = problem.Kind == JiraProblemKind.Throttled ? RetryCause.Throttled : RetryCause.Unavailable,
        };
}
