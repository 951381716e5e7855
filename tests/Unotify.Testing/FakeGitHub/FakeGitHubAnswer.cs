namespace Unotify.Testing.FakeGitHub;

/// <summary>An answer the fake GitHub API gives the next request instead of handling it.</summary>
/// <param name="StatusCode">The status (403, 429, 500, or 200 with a malformed body).</param>
/// <param name="Body">The body, sent as <c>application/json</c> whatever it holds.</param>
/// <param name="Headers">Headers to add (<c>Retry-After</c>, <c>x-ratelimit-remaining</c>, <c>x-ratelimit-reset</c>).</param>
public sealed record FakeGitHubAnswer(int StatusCode, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>GitHub's primary rate limit used up: 403 with <c>x-ratelimit-remaining: 0</c> and the reset time.</summary>
    /// <param name="reset">When the limit resets.</param>
    /// <returns>The answer.</returns>
    public static FakeGitHubAnswer RateLimited(DateTimeOffset reset) => new(
        403,
        """{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""",
        new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>A status with GitHub's error body and the given headers.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="headers">Name and value pairs.</param>
    /// <returns>The answer.</returns>
    public static FakeGitHubAnswer Status(int statusCode, params (string Name, string Value)[] headers) =>
        new(statusCode, """{"message":"fake failure"}""", headers.ToDictionary(header => header.Name, header => header.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>200 with <paramref name="body"/> and the given headers (a page with its own <c>Link</c>).</summary>
    /// <param name="body">The body.</param>
    /// <param name="headers">Name and value pairs.</param>
    /// <returns>The answer.</returns>
    public static FakeGitHubAnswer Ok(string body, params (string Name, string Value)[] headers) =>
        new(200, body, headers.ToDictionary(header => header.Name, header => header.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>200 with a body that is not what GitHub sends.</summary>
    /// <param name="body">The body, for example <c>{"commits": 7}</c> or text that is not JSON.</param>
    /// <returns>The answer.</returns>
    public static FakeGitHubAnswer Malformed(string body) => Ok(body);
}
