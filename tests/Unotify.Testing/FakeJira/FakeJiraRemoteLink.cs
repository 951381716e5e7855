namespace Unotify.Testing.FakeJira;

/// <summary>A remote link on an issue of the fake Jira, as the last POST with its global id left it.</summary>
/// <param name="Key">The issue key.</param>
/// <param name="GlobalId">The link's global id (one link per id and issue).</param>
/// <param name="Url">The linked address (<c>object.url</c>).</param>
/// <param name="Title">The link's title (<c>object.title</c>).</param>
/// <param name="Body">The last request body, as sent.</param>
public sealed record FakeJiraRemoteLink(string Key, string GlobalId, string Url, string Title, string Body);
