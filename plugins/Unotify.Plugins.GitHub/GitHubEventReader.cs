using System.Text.Json;
using Unotify.Sdk;
using static Unotify.Sdk.JsonElementPath;

namespace Unotify.Plugins.GitHub;

/// <summary>Reads the event kind, the texts that may name tickets and the link of one GitHub payload.</summary>
internal static class GitHubEventReader
{
    private const string BranchRefPrefix = "refs/heads/";

    /// <summary>What one payload says, in provider-neutral terms.</summary>
    /// <param name="Kind">The event kind (<c>pull_request.merged</c>, <c>push</c>, …).</param>
    /// <param name="Texts">The texts that may name tickets.</param>
    /// <param name="Url">The link for notifications, when the payload has one.</param>
    public sealed record Reading(string Kind, IReadOnlyList<EventText> Texts, string? Url);

    /// <summary>Reads a payload of event <paramref name="eventName"/>.</summary>
    /// <param name="eventName">The <c>X-GitHub-Event</c> header.</param>
    /// <param name="payload">The payload's root object.</param>
    /// <returns>The reading.</returns>
    public static Reading Read(string eventName, JsonElement payload)
    {
        var action = String(payload, "action");
        return eventName switch
        {
            "pull_request" => ReadPullRequest(payload, action),
            "release" => ReadRelease(payload, action),
            "push" => ReadPush(payload),
            _ => new Reading(KindOf(eventName, action), [], null),
        };
    }

    private static Reading ReadPullRequest(JsonElement payload, string? action)
    {
        var merged = action == "closed" && IsTrue(payload, "pull_request", "merged");
        var kind = merged ? EventKinds.PullRequestMerged : KindOf("pull_request", action);
        var texts = new List<EventText>(3);
        AddText(texts, TextSource.Title, String(payload, "pull_request", "title"));
        AddText(texts, TextSource.Body, String(payload, "pull_request", "body"));
        AddText(texts, TextSource.Branch, String(payload, "pull_request", "head", "ref"));
        return new Reading(kind, texts, String(payload, "pull_request", "html_url"));
    }

    private static Reading ReadRelease(JsonElement payload, string? action)
    {
        var texts = new List<EventText>(2);
        AddText(texts, TextSource.ReleaseName, String(payload, "release", "name"));
        AddText(texts, TextSource.ReleaseNotes, String(payload, "release", "body"));
        return new Reading(KindOf("release", action), texts, String(payload, "release", "html_url"));
    }

    private static Reading ReadPush(JsonElement payload)
    {
        var texts = new List<EventText>();
        var pushedRef = String(payload, "ref");
        if (pushedRef is not null && pushedRef.StartsWith(BranchRefPrefix, StringComparison.Ordinal))
        {
            AddText(texts, TextSource.Branch, pushedRef[BranchRefPrefix.Length..]);
        }

        if (TryGet(payload, out var commits, "commits") && commits.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in commits.EnumerateArray())
            {
                AddText(texts, TextSource.CommitMessage, String(commit, "message"));
            }
        }

        return new Reading(EventKinds.Push, texts, String(payload, "compare"));
    }

    private static string KindOf(string eventName, string? action) =>
        string.IsNullOrEmpty(action) ? eventName : eventName + "." + action;

    private static void AddText(List<EventText> texts, TextSource source, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            texts.Add(new EventText(source, text));
        }
    }
}
