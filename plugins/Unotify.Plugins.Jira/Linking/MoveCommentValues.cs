namespace Unotify.Plugins.Jira;

/// <summary>What a move comment may say.</summary>
/// <param name="Key">The ticket.</param>
/// <param name="From">The status it left.</param>
/// <param name="To">The status it entered.</param>
/// <param name="Reference">What moved it, when the event has an address.</param>
internal sealed record MoveCommentValues(string Key, string? From, string? To, CodeReference? Reference);
