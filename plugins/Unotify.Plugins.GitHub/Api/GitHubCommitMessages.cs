using System.Text.Json;
using Unotify.Sdk;
using static Unotify.Sdk.JsonElementPath;

namespace Unotify.Plugins.GitHub;

/// <summary>Reads commit messages out of GitHub's commit lists (a pull request's commits, a comparison's <c>commits</c>).</summary>
internal static class GitHubCommitMessages
{
    /// <summary>Adds each commit of <paramref name="commits"/> as a commit-message text.</summary>
    /// <param name="commits">A JSON array of GitHub commit objects (<c>{"sha": …, "commit": {"message": …}}</c>).</param>
    /// <param name="origin">Where a commit's text came from, in words, given its sha.</param>
    /// <param name="texts">Where the texts go.</param>
    /// <returns><see langword="null"/> when every commit was read, else what is malformed.</returns>
    public static string? Read(JsonElement commits, Func<string, string> origin, List<EventText> texts)
    {
        if (commits.ValueKind != JsonValueKind.Array)
        {
            return $"the commits are a JSON {commits.ValueKind.ToString().ToLowerInvariant()}, not an array";
        }

        foreach (var commit in commits.EnumerateArray())
        {
            var sha = commit.ValueKind == JsonValueKind.Object ? String(commit, "sha") : null;
            var message = commit.ValueKind == JsonValueKind.Object ? String(commit, "commit", "message") : null;
            if (sha is null || message is null)
            {
                return "a commit has no sha or no commit.message";
            }

            texts.Add(new EventText(TextSource.CommitMessage, message) { Origin = origin(sha) });
        }

        return null;
    }

    /// <summary>A commit's origin: <c>commit abc1234</c>, the first seven characters of its sha.</summary>
    /// <param name="sha">The commit's sha.</param>
    /// <returns>The origin.</returns>
    public static string CommitOrigin(string sha) => "commit " + (sha.Length > 7 ? sha[..7] : sha);
}
