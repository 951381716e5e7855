using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Adds the comment a delivery's texts ask for to a ticket it names, with a link to the pull request, commit or release,
/// at most once per delivery: a claim marked done once Jira has it, given back when Jira says no.
/// </summary>
internal sealed class TicketCommenter(JiraClient jira, JiraSettings settings)
{
    /// <summary>
    /// Comments on the ticket of <paramref name="outcome"/> when it exists (moved, unchanged, would move, or a command
    /// ignored), and says so in the outcome. A Jira that cannot be reached turns the outcome into a retry (the move
    /// itself is done and is not made again); a Jira that refuses the comment is said in the outcome and fails nothing.
    /// </summary>
    /// <param name="outcome">The ticket's outcome so far.</param>
    /// <param name="comment">What to say, and who asked.</param>
    /// <param name="claimKey">The once-per-delivery claim of this comment: <c>{delivery}:{key}:comment</c>.</param>
    /// <param name="link">The address to add below the text, if any.</param>
    /// <param name="context">The attempt's context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<TicketOutcome> CommentAsync(
        TicketOutcome outcome, TicketComment comment, string claimKey, string? link, ProcessorContext context, CancellationToken cancellationToken)
    {
        if (!outcome.TicketExists)
        {
            return outcome;
        }

        if (settings.DryRun || context.Simulate)
        {
            return outcome with { Summary = $"{outcome.Summary}; would comment ({comment.Origin})" };
        }

        var claim = await context.Idempotency.ClaimAsync(claimKey, "comment", cancellationToken).ConfigureAwait(false);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.AlreadyDone:
                return outcome with { Summary = $"{outcome.Summary}; already commented for this delivery" };
            case IdempotencyClaimStatus.HeldByOther:
                return new TicketOutcome(outcome.Key, TicketOutcomeKind.NeedsRetry, $"{outcome.Key}: retry (another attempt is commenting on it)") { From = outcome.From, To = outcome.To };
        }

        if (claim.AbandonedNote is not null)
        {
            // An earlier attempt set out to comment and ended without saying whether Jira has it: not again, so a
            // worker dying mid-call costs a comment at most, never a second one.
            await context.Idempotency.MarkDoneAsync(claimKey, cancellationToken).ConfigureAwait(false);
            return outcome with { Summary = $"{outcome.Summary}; comment left to an earlier attempt, which may have added it" };
        }

        var posted = await jira.AddCommentAsync(outcome.Key, comment.Text, link, cancellationToken).ConfigureAwait(false);
        if (posted.Succeeded)
        {
            await context.Idempotency.MarkDoneAsync(claimKey, cancellationToken).ConfigureAwait(false);
            return outcome with { Summary = $"{outcome.Summary}; commented ({comment.Origin})" };
        }

        await context.Idempotency.ReleaseAsync(claimKey, cancellationToken).ConfigureAwait(false);
        return posted.Problem.Kind is JiraProblemKind.Unavailable or JiraProblemKind.Throttled
            ? outcome.RetryingFollowUp("the comment", posted.Problem)
            : outcome.Noting($"Jira refused the comment ({posted.Problem.Message})");
    }
}
