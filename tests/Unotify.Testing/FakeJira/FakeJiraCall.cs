namespace Unotify.Testing.FakeJira;

/// <summary>One request the fake Jira answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, for example <c>/rest/api/3/issue/SOC-1/transitions</c>.</param>
/// <param name="Query">The query string including <c>?</c>, or empty.</param>
/// <param name="Body">The request body (empty for GET).</param>
/// <param name="StatusCode">The status the fake answered with.</param>
/// <param name="At">When the request arrived.</param>
public sealed record FakeJiraCall(string Method, string Path, string Query, string Body, int StatusCode, DateTimeOffset At);
