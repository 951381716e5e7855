namespace Unotify.Plugins.Jira;

/// <summary>What an event's texts ask of one ticket instead of the worker's own event.</summary>
/// <param name="Event">The state-machine event to fire (<c>review</c>, <c>prev</c>, <c>close</c>).</param>
/// <param name="Origin">Where it was asked, for the ticket's outcome: <c>#review in title</c>, <c>'closes' in body</c>.</param>
internal sealed record TicketCommand(string Event, string Origin);
