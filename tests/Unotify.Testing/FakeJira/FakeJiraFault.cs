namespace Unotify.Testing.FakeJira;

/// <summary>A failure the fake Jira answers with instead of handling a request.</summary>
/// <param name="StatusCode">The status to answer with (429, 500, 503, …).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> to send, rounded up to whole seconds, if any.</param>
/// <param name="Method">Only calls with this HTTP method fail, or every call when <see langword="null"/>.</param>
/// <param name="RetryAfterAsDate">Send <c>Retry-After</c> as an HTTP date instead of seconds.</param>
/// <param name="AfterHandling">Handle the request first (a transition is applied), then answer the failure: an answer lost on the way back.</param>
/// <param name="PathEnding">Only calls whose path ends with this fail (<c>/comment</c>), or calls to any path when <see langword="null"/>.</param>
internal sealed record FakeJiraFault(int StatusCode, TimeSpan? RetryAfter, string? Method, bool RetryAfterAsDate, bool AfterHandling = false, string? PathEnding = null);
