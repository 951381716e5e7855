namespace Unotify.Testing.FakeJira;

/// <summary>What the fake Jira answers to one request.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Json">The JSON body, or <see langword="null"/> for none.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, if any.</param>
/// <param name="RetryAfterAsDate">Send <c>Retry-After</c> as an HTTP date instead of seconds.</param>
internal sealed record FakeJiraAnswer(int StatusCode, string? Json = null, TimeSpan? RetryAfter = null, bool RetryAfterAsDate = false);
