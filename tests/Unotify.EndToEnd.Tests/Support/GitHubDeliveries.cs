using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Unotify.EndToEnd.Tests.Support;

/// <summary>
/// Deliveries derived from the real GitHub payload examples in tests/fixtures/github (which name no tickets): the
/// fields that name tickets are set here, in code, so the originals stay untouched.
/// </summary>
public static class GitHubDeliveries
{
    public static GitHubDelivery MergedPullRequest(string title, string? body = null, string branch = "feature/login") =>
        PullRequest(merged: true, title, body, branch);

    /// <summary>
    /// A merged pull request whose body carries <paramref name="megabytes"/> MB of file paths, as a large push's file
    /// lists make a body large (GitHub sends up to 25 MB), while its texts stay small.
    /// </summary>
    public static GitHubDelivery LargeMergedPullRequest(string title, int megabytes)
    {
        var payload = Fixture("pull_request.closed.json");
        payload["action"] = "closed";
        var pullRequest = payload["pull_request"]!;
        pullRequest["merged"] = true;
        pullRequest["title"] = title;
        pullRequest["files"] = new JsonArray(Enumerable.Range(0, megabytes * 1024).Select(i => (JsonNode)$"src/module-{i:D6}/{new string('f', 1000)}.cs").ToArray());
        return new GitHubDelivery("pull_request", payload.ToJsonString());
    }

    public static GitHubDelivery ClosedUnmergedPullRequest(string title) => PullRequest(merged: false, title, body: null, branch: "feature/login");

    public static GitHubDelivery PublishedRelease(string name, string notes)
    {
        var payload = Fixture("release.published.json");
        payload["release"]!["name"] = name;
        payload["release"]!["body"] = notes;
        return new GitHubDelivery("release", payload.ToJsonString());
    }

    private static GitHubDelivery PullRequest(bool merged, string title, string? body, string branch)
    {
        var payload = Fixture("pull_request.closed.json");
        payload["action"] = "closed";
        var pullRequest = payload["pull_request"]!;
        pullRequest["merged"] = merged;
        pullRequest["title"] = title;
        pullRequest["body"] = body;
        pullRequest["head"]!["ref"] = branch;
        return new GitHubDelivery("pull_request", payload.ToJsonString());
    }

    private static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "github", name)))!;
}

/// <summary>One delivery as GitHub sends it: event and delivery headers, and the body signed with the hook's secret.</summary>
/// <param name="Event">The X-GitHub-Event header.</param>
/// <param name="Body">The JSON body.</param>
public sealed record GitHubDelivery(string Event, string Body)
{
    public string DeliveryId { get; init; } = Guid.NewGuid().ToString();

    public HttpRequestMessage ToRequest(string repoId, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(Body);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/conduit/webhooks/github/{repoId}/payload", UriKind.Relative)) { Content = content };
        request.Headers.Add("X-GitHub-Event", Event);
        request.Headers.Add("X-GitHub-Delivery", DeliveryId);
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
        return request;
    }
}
