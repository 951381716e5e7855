using System.Text.Json.Nodes;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>Requests and payloads for the GitHub benchmarks, derived from the embedded octokit fixture.</summary>
internal static class GitHubBenchRequests
{
    /// <summary>The fixture's closed pull request (~28 KB), marked merged and naming two tickets.</summary>
    public static string MergedPullRequest()
    {
        using var stream = typeof(GitHubBenchRequests).Assembly.GetManifestResourceStream("github/pull_request.closed.json")
            ?? throw new InvalidOperationException("The embedded fixture github/pull_request.closed.json is missing.");
        var payload = JsonNode.Parse(stream)!.AsObject();
        payload["pull_request"]!["merged"] = true;
        payload["pull_request"]!["title"] = "SOC-1 Update the README";
        payload["pull_request"]!["head"]!["ref"] = "feature/devhop-2-readme";
        return payload.ToJsonString();
    }

    /// <summary>A request as the host would hand it to the provider.</summary>
    public static WebhookRequest Request(byte[] body, string contentType, params KeyValuePair<string, string>[] headers) => new()
    {
        Provider = "github",
        RepoId = "1",
        Headers = new WebhookHeaders(headers),
        Body = body,
        ContentType = contentType,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}
