namespace Unotify.Plugins.Jira;

/// <summary>A comment an event's texts ask to add to one ticket (<c>SOC-12 #comment Fixed the race</c>).</summary>
/// <param name="Text">What to say: the rest of the line after <c>#comment</c>.</param>
/// <param name="Origin">Where it was asked, for the ticket's outcome: <c>#comment in body</c>.</param>
internal sealed record TicketComment(string Text, string Origin);
