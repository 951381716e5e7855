using System.Net.Http.Headers;
using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Reads paged lists from GitHub's REST API with the provider's token, following <c>Link: rel="next"</c>. Every problem
/// (an answer other than 2xx, no answer in time, an unreachable server, a malformed page) comes back as the job's result,
/// never as an exception; only the job's own cancellation escapes.
/// </summary>
/// <param name="http">A client with nothing configured on it; every request sets its own headers.</param>
/// <param name="settings">The provider's API settings; <see cref="GitHubApiSettings.Token"/> must be set.</param>
/// <param name="time">The clock for timeouts and rate-limit resets.</param>
internal sealed class GitHubApiClient(HttpClient http, GitHubApiSettings settings, TimeProvider time)
{
    /// <summary>The most pages one list is read to (100 items each): beyond that the list is a failure, not a silent cut.</summary>
    public const int MaxPages = 50;

    private const string ApiVersion = "2022-11-28";
    private static readonly MediaTypeWithQualityHeaderValue _accept = new("application/vnd.github+json");
    private static readonly ProductInfoHeaderValue _userAgent = new("Unotify", typeof(GitHubApiClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>Reads one page: the items it adds, or what is wrong with it.</summary>
    /// <param name="root">The page's JSON.</param>
    /// <returns><see langword="null"/> when the page was read, else what is malformed about it.</returns>
    public delegate string? PageReader(JsonElement root);

    /// <summary>Reads every page of <c>GET <paramref name="path"/></c>, handing each page's JSON to <paramref name="readPage"/>.</summary>
    /// <param name="path">The path and query below the API address, without a leading <c>/</c> (<c>repos/o/r/pulls/2/commits?per_page=100</c>).</param>
    /// <param name="readPage">Reads one page.</param>
    /// <param name="cancellationToken">The job's cancellation.</param>
    /// <returns><see langword="null"/> when every page was read, else the job's result for the problem.</returns>
    public async Task<ProcessingResult?> ReadPagesAsync(string path, PageReader readPage, CancellationToken cancellationToken)
    {
        var address = new Uri(settings.ApiUrl, path);
        for (var page = 1; ; page++)
        {
            var (next, problem) = await ReadPageAsync(address, readPage, cancellationToken).ConfigureAwait(false);
            if (problem is not null || next is null)
            {
                return problem;
            }

            if (!settings.ApiUrl.IsBaseOf(next))
            {
                // The token goes only to the configured API.
                return ProcessingResult.Fail($"GitHub's next page of GET {address.AbsolutePath} is at {next.GetLeftPart(UriPartial.Path)}, outside {settings.PathOf(GitHubApiSettings.ApiUrlKey)} ({settings.ApiUrl}); check api_url is the address GitHub's API answers at.");
            }

            if (page == MaxPages)
            {
                return ProcessingResult.Fail($"GET {address.AbsolutePath} has more than {MaxPages} pages; Unotify reads at most {MaxPages * 100} items of one list.");
            }

            address = next;
        }
    }

    private async Task<(Uri? Next, ProcessingResult? Problem)> ReadPageAsync(Uri address, PageReader readPage, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        request.Headers.Accept.Add(_accept);
        request.Headers.UserAgent.Add(_userAgent);
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        var path = address.AbsolutePath;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, GitHubRefusal.Of(response, path, settings, time));
            }

            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (readPage(document.RootElement) is { } malformed)
            {
                return (null, Malformed(path, malformed));
            }

            return (response.Headers.TryGetValues("Link", out var links) ? GitHubLinkHeader.NextOf(links) : null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, ProcessingResult.Unavailable($"GitHub did not answer GET {path} within {DurationText.Format(settings.Timeout)} ({settings.PathOf(GitHubApiSettings.TimeoutKey)})"));
        }
        catch (HttpRequestException exception)
        {
            return (null, ProcessingResult.Unavailable($"GitHub could not be reached for GET {path} at {settings.ApiUrl}: {exception.Message}"));
        }
        catch (JsonException exception)
        {
            return (null, Malformed(path, $"it is not JSON ({exception.Message})"));
        }
    }

    /// <summary>A malformed answer may be a proxy's or a cut connection's: retried, and dead-lettered with this reason when retries run out.</summary>
    private static ProcessingResult Malformed(string path, string what) =>
        ProcessingResult.Retry($"GitHub's answer to GET {path} is malformed: {what}.");
}
