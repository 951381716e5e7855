using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Says on the ticket that it moved (<c>comment_on_move: true</c>), with the text of the <c>move_comment</c> template
/// and a link to what moved it, once per delivery.
/// </summary>
internal sealed class MoveCommenter(TicketCommenter commenter, MoveCommentTemplate template)
{
    /// <summary>Origin of the comment in outcomes.</summary>
    private const string Origin = "comment_on_move";

    /// <summary>
    /// Comments on the ticket of <paramref name="moved"/> (a move just made, or found made by an earlier attempt).
    /// A retry outcome means the comment did not reach Jira: the caller keeps the move's claim open, so that the next
    /// attempt finds the move made and comments then.
    /// </summary>
    public Task<TicketOutcome> CommentAsync(TicketOutcome moved, string deliveryId, CodeReference? reference, ProcessorContext context, CancellationToken cancellationToken)
    {
        var text = template.Render(new MoveCommentValues(moved.Key, moved.From, moved.To, reference));
        return commenter.CommentAsync(moved, new TicketComment(text, Origin), $"{deliveryId}:{moved.Key}:move-comment", reference?.Url, context, cancellationToken);
    }

    /// <summary>What a dry run or a simulation says instead of commenting.</summary>
    public static TicketOutcome WouldComment(TicketOutcome wouldMove) => wouldMove.Noting($"would comment ({Origin})");
}
