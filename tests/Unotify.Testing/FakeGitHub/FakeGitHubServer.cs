using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Unotify.Testing.FakeGitHub;

/// <summary>
/// A fake of GitHub's REST API, as GitHub Enterprise Server serves it (below <c>/api/v3</c>), on a real Kestrel server at
/// <c>127.0.0.1</c> on a free port: a pull request's commits, releases and comparisons between tags, every list paged
/// (<see cref="PageSize"/> items a page, <c>Link: &lt;…&gt;; rel="next"</c>), a Bearer token checked on every request
/// (401 otherwise), a record of every request, and canned answers (rate limits, 5xx, malformed bodies) on demand.
/// Thread-safe.
/// </summary>
/// <example>
/// <code>
/// await using var github = await FakeGitHubServer.StartAsync();
/// github.AddPullRequestCommits("octo/app", 2, ("abc1234def", "SOC-1 fix login"));
/// // set the provider's api_url to github.ApiUrl and api_token to github.Token …
/// </code>
/// </example>
public sealed class FakeGitHubServer : IAsyncDisposable
{
    private const string Prefix = "/api/v3";
    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly Dictionary<string, JsonArray> _pullRequestCommits = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<(long Id, string Tag, DateTimeOffset PublishedAt, bool Draft)>> _releases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonArray> _comparisons = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<FakeGitHubAnswer> _canned = new();
    private readonly List<FakeGitHubRequest> _requests = [];

    private FakeGitHubServer(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    /// <summary>The token the server accepts as <c>Authorization: Bearer …</c>.</summary>
    public string Token { get; }

    /// <summary>The API's address, <c>http://127.0.0.1:PORT/api/v3</c>, for the provider's <c>api_url</c>.</summary>
    public string ApiUrl { get; private set; } = string.Empty;

    /// <summary>A delay before every answer (default none), to make the server slower than a client's timeout.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>How many items a page holds (default 2), whatever <c>per_page</c> asks.</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<FakeGitHubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server on <c>127.0.0.1</c> and a free port.</summary>
    /// <param name="token">The accepted token.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<FakeGitHubServer> StartAsync(string token = "github_pat_fake")
    {
        var app = LoopbackKestrel.Build();
        var server = new FakeGitHubServer(app, token);
        app.Run(server.AnswerAsync);
        server.ApiUrl = await LoopbackKestrel.StartAsync(app).ConfigureAwait(false) + Prefix;
        return server;
    }

    /// <summary>Sets the commits of pull request <paramref name="number"/> of <paramref name="repository"/>.</summary>
    /// <param name="repository"><c>owner/name</c>.</param>
    /// <param name="number">The pull request's number.</param>
    /// <param name="commits">Each commit's sha and message, oldest first.</param>
    /// <returns>The server, for chaining.</returns>
    public FakeGitHubServer AddPullRequestCommits(string repository, long number, params (string Sha, string Message)[] commits)
    {
        lock (_lock)
        {
            _pullRequestCommits[$"/repos/{repository}/pulls/{number}/commits"] = Commits(commits);
        }

        return this;
    }

    /// <summary>Adds a release of <paramref name="repository"/>.</summary>
    /// <param name="repository"><c>owner/name</c>.</param>
    /// <param name="id">The release's id.</param>
    /// <param name="tag">Its tag.</param>
    /// <param name="publishedAt">When it was published.</param>
    /// <param name="draft">Whether it is a draft (then GitHub gives it no publication time).</param>
    /// <returns>The server, for chaining.</returns>
    public FakeGitHubServer AddRelease(string repository, long id, string tag, DateTimeOffset publishedAt, bool draft = false)
    {
        lock (_lock)
        {
            if (!_releases.TryGetValue(repository, out var releases))
            {
                _releases[repository] = releases = [];
            }

            releases.Add((id, tag, publishedAt, draft));
        }

        return this;
    }

    /// <summary>Sets the commits between two references of <paramref name="repository"/> (<c>GET /repos/{o}/{r}/compare/{base}...{head}</c>).</summary>
    /// <param name="repository"><c>owner/name</c>.</param>
    /// <param name="baseRef">The older reference (the previous release's tag).</param>
    /// <param name="headRef">The newer one.</param>
    /// <param name="commits">Each commit's sha and message, oldest first.</param>
    /// <returns>The server, for chaining.</returns>
    public FakeGitHubServer AddComparison(string repository, string baseRef, string headRef, params (string Sha, string Message)[] commits)
    {
        lock (_lock)
        {
            _comparisons[$"/repos/{repository}/compare/{baseRef}...{headRef}"] = Commits(commits);
        }

        return this;
    }

    /// <summary>Answers the next request with <paramref name="answer"/> instead of handling it (canned answers queue up).</summary>
    /// <param name="answer">The answer.</param>
    public void AnswerNext(FakeGitHubAnswer answer)
    {
        lock (_lock)
        {
            _canned.Enqueue(answer);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static JsonArray Commits((string Sha, string Message)[] commits) =>
        [.. commits.Select(commit => (JsonNode)new JsonObject
        {
            ["sha"] = commit.Sha,
            ["commit"] = new JsonObject { ["message"] = commit.Message, ["author"] = new JsonObject { ["name"] = "Octo Cat" } },
        })];

    private async Task AnswerAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        var headers = request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (ResponseDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(ResponseDelay, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its timeout): nothing to answer.
                return;
            }
        }

        FakeGitHubAnswer answer;
        lock (_lock)
        {
            answer = _canned.Count > 0 ? _canned.Dequeue() : Handle(request, path);
            _requests.Add(new FakeGitHubRequest(path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path, request.QueryString.Value ?? string.Empty, headers, answer.StatusCode));
        }

        http.Response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(answer.Body, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The answer to a request the server handles itself. Called under the lock.</summary>
    private FakeGitHubAnswer Handle(HttpRequest request, string path)
    {
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            return new FakeGitHubAnswer(401, """{"message":"Bad credentials"}""", new Dictionary<string, string>());
        }

        if (request.Method != "GET" || !path.StartsWith(Prefix + "/repos/", StringComparison.Ordinal))
        {
            return NotFound();
        }

        var below = Uri.UnescapeDataString(path[Prefix.Length..]);
        var page = int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked > 0 ? asked : 1;
        if (_pullRequestCommits.TryGetValue(below, out var commits))
        {
            return Page(request, commits, page, items => items);
        }

        if (_comparisons.TryGetValue(below, out var compared))
        {
            return Page(request, compared, page, items => new JsonObject { ["status"] = "ahead", ["total_commits"] = compared.Count, ["commits"] = items });
        }

        var parts = below.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["repos", var owner, var name, "releases"] && _releases.TryGetValue($"{owner}/{name}", out var releases))
        {
            JsonArray all = [.. releases.OrderByDescending(release => release.PublishedAt).Select(release => (JsonNode)new JsonObject
            {
                ["id"] = release.Id,
                ["tag_name"] = release.Tag,
                ["draft"] = release.Draft,
                ["prerelease"] = false,
                ["created_at"] = release.PublishedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["published_at"] = release.Draft ? null : release.PublishedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            })];
            return Page(request, all, page, items => items);
        }

        return NotFound();
    }

    private FakeGitHubAnswer Page(HttpRequest request, JsonArray all, int page, Func<JsonArray, JsonNode> shape)
    {
        JsonArray items = [.. all.Skip((page - 1) * PageSize).Take(PageSize).Select(item => item!.DeepClone())];
        var headers = new Dictionary<string, string>();
        if (page * PageSize < all.Count)
        {
            var next = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?per_page={PageSize}&page={page + 1}";
            var last = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?per_page={PageSize}&page={(all.Count + PageSize - 1) / PageSize}";
            headers["Link"] = $"<{next}>; rel=\"next\", <{last}>; rel=\"last\"";
        }

        return new FakeGitHubAnswer(200, shape(items).ToJsonString(new JsonSerializerOptions { WriteIndented = false }), headers);
    }

    private static FakeGitHubAnswer NotFound() =>
        new(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""", new Dictionary<string, string>());
}
