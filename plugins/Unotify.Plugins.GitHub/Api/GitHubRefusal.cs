using System.Globalization;
using System.Net;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Turns an answer of GitHub's API other than 2xx into the job's result: a rate limit is a throttled retry after the
/// time GitHub names, 5xx an outage, 401, 403 and 404 a failure naming the setting to fix.
/// </summary>
internal static class GitHubRefusal
{
    private const string Permissions = "'Contents: read' and 'Pull requests: read'";

    /// <summary>The result for <paramref name="response"/>, a non-success answer to <c>GET <paramref name="path"/></c>.</summary>
    /// <param name="response">GitHub's answer.</param>
    /// <param name="path">The request's path, for the message.</param>
    /// <param name="settings">The provider's API settings, to name the ones to fix.</param>
    /// <param name="time">The clock a rate limit's reset time is measured against.</param>
    /// <returns>A retry or a failure.</returns>
    public static ProcessingResult Of(HttpResponseMessage response, string path, GitHubApiSettings settings, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var answered = $"GitHub answered {status} to GET {path}";
        var token = settings.PathOf(GitHubApiSettings.ApiTokenKey);
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests && RateLimitWait(response, time) is { } wait)
        {
            return ProcessingResult.Throttled($"{answered}: the rate limit of the api_token of provider '{settings.ProviderName}' is used up; trying again when GitHub says it resets", wait);
        }

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => ProcessingResult.Throttled($"{answered}: too many requests", null),
            HttpStatusCode.Unauthorized => ProcessingResult.Fail(
                $"GitHub refused the api_token of provider '{settings.ProviderName}' ({answered}): check {token} is a valid token with {Permissions}."),
            HttpStatusCode.Forbidden => ProcessingResult.Fail(
                $"GitHub refused the api_token of provider '{settings.ProviderName}' ({answered}): check {token} has {Permissions} on this repository."),
            HttpStatusCode.NotFound => ProcessingResult.Fail(
                $"{answered}: the repository or reference is not visible to the api_token of provider '{settings.ProviderName}'; check {token} has {Permissions} on this repository and {settings.PathOf(GitHubApiSettings.ApiUrlKey)} is {settings.ApiUrl} as intended."),
            _ when status >= 500 => ProcessingResult.Unavailable(answered, RetryAfter.Of(response, time)),
            _ => ProcessingResult.Fail($"{answered}, which Unotify does not expect; check {settings.PathOf(GitHubApiSettings.ApiUrlKey)} ({settings.ApiUrl}) is GitHub's REST API."),
        };
    }

    /// <summary>
    /// The wait a rate-limited answer names: <c>Retry-After</c> (secondary limits), else the time until
    /// <c>x-ratelimit-reset</c> when <c>x-ratelimit-remaining</c> is 0; <see langword="null"/> when it names none.
    /// </summary>
    private static TimeSpan? RateLimitWait(HttpResponseMessage response, TimeProvider time)
    {
        if (RetryAfter.Of(response, time) is { } asked)
        {
            return asked;
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
            && reset < DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
