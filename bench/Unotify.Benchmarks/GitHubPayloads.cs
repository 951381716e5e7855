using System.Text.Json.Nodes;

namespace Unotify.Benchmarks;

/// <summary>Payloads for the GitHub benchmarks, derived from the embedded octokit fixture.</summary>
internal static class GitHubPayloads
{
    /// <summary>The fixture's closed pull request (~28 KB), marked merged and naming two tickets.</summary>
    public static string MergedPullRequest()
    {
        using var stream = typeof(GitHubPayloads).Assembly.GetManifestResourceStream("github/pull_request.closed.json")
            ?? throw new InvalidOperationException("The embedded fixture github/pull_request.closed.json is missing.");
        var payload = JsonNode.Parse(stream)!.AsObject();
        payload["pull_request"]!["merged"] = true;
        payload["pull_request"]!["title"] = "SOC-1 Update the README";
        payload["pull_request"]!["head"]!["ref"] = "feature/devhop-2-readme";
        return payload.ToJsonString();
    }
}
