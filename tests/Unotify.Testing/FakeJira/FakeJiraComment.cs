namespace Unotify.Testing.FakeJira;

/// <summary>A comment the fake Jira was asked to add.</summary>
/// <param name="Key">The issue.</param>
/// <param name="Text">The comment's text: the string body (API v2), or every text node of the document (API v3) joined.</param>
/// <param name="Links">The link targets in the document (API v3); none for API v2.</param>
/// <param name="Body">The request body as sent.</param>
public sealed record FakeJiraComment(string Key, string Text, IReadOnlyList<string> Links, string Body);
