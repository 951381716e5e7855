using Unotify.Sdk;

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
    /// <param name="payload">The payload's values.</param>
    /// <returns>The reading.</returns>
    public static Reading Read(string eventName, GitHubPayload payload)
    {
        var action = payload.Action;
        return eventName switch
        {
            "pull_request" => ReadPullRequest(payload, action),
            "release" => ReadRelease(payload, action),
            "push" => ReadPush(payload),
            _ => new Reading(KindOf(eventName, action), [], null),
        };
    }

    private static Reading ReadPullRequest(GitHubPayload payload, string? action)
    {
        var merged = action == "closed" && payload.Merged;
        var kind = merged ? EventKinds.PullRequestMerged : KindOf("pull_request", action);
        var texts = new List<EventText>(3);
        AddText(texts, TextSource.Title, payload.Title);
        AddText(texts, TextSource.Body, payload.Body);
        AddText(texts, TextSource.Branch, payload.HeadRef);
        return new Reading(kind, texts, payload.PullRequestUrl);
    }

    private static Reading ReadRelease(GitHubPayload payload, string? action)
    {
        var texts = new List<EventText>(2);
        AddText(texts, TextSource.ReleaseName, payload.ReleaseName);
        AddText(texts, TextSource.ReleaseNotes, payload.ReleaseNotes);
        return new Reading(KindOf("release", action), texts, payload.ReleaseUrl);
    }

    private static Reading ReadPush(GitHubPayload payload)
    {
        var texts = new List<EventText>();
        var pushedRef = payload.Ref;
        if (pushedRef is not null && pushedRef.StartsWith(BranchRefPrefix, StringComparison.Ordinal))
        {
            AddText(texts, TextSource.Branch, pushedRef[BranchRefPrefix.Length..]);
        }

        if (payload.HasCommits)
        {
            foreach (var message in payload.CommitMessages)
            {
                AddText(texts, TextSource.CommitMessage, message);
            }
        }

        return new Reading(EventKinds.Push, texts, payload.Compare);
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
