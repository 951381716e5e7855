using Unotify.Sdk;

namespace Unotify.Plugins.GitLab;

/// <summary>Reads the event kind, the texts that may name tickets, the link and the actor of one GitLab payload.</summary>
internal static class GitLabEventReader
{
    private const string BranchRefPrefix = "refs/heads/";

    /// <summary>What one payload says, in provider-neutral terms.</summary>
    public sealed record Reading(string Kind, IReadOnlyList<EventText> Texts, string? Url, string? Actor);

    /// <summary>Reads a payload whose <c>object_kind</c> is <paramref name="objectKind"/>.</summary>
    public static Reading Read(string objectKind, GitLabPayload payload) => objectKind switch
    {
        "merge_request" => ReadMergeRequest(payload),
        "release" => ReadRelease(payload),
        "push" => ReadPush(payload, EventKinds.Push),
        "tag_push" => ReadPush(payload, "tag_push"),
        _ => new Reading(KindOf(objectKind, payload.AttributesAction), [], payload.AttributesUrl, payload.Username),
    };

    private static Reading ReadMergeRequest(GitLabPayload payload)
    {
        var action = payload.AttributesAction;
        var texts = new List<EventText>(4);
        AddText(texts, TextSource.Title, payload.AttributesTitle);
        AddText(texts, TextSource.Body, payload.AttributesDescription);
        AddText(texts, TextSource.Branch, payload.AttributesSourceBranch);
        AddText(texts, TextSource.CommitMessage, payload.LastCommitMessage);
        var kind = action == "merge" ? EventKinds.MergeRequestMerged : KindOf("merge_request", action);
        return new Reading(kind, texts, payload.AttributesUrl, payload.Username);
    }

    private static Reading ReadRelease(GitLabPayload payload)
    {
        var action = payload.Action;
        var texts = new List<EventText>(2);
        AddText(texts, TextSource.ReleaseName, payload.Name);
        AddText(texts, TextSource.ReleaseNotes, payload.Description);
        var kind = action == "create" ? EventKinds.ReleasePublished : KindOf("release", action);
        // A release payload names no user; the release commit's author is the nearest thing to one.
        return new Reading(kind, texts, payload.Url, payload.CommitAuthorName);
    }

    private static Reading ReadPush(GitLabPayload payload, string kind)
    {
        var texts = new List<EventText>();
        var pushedRef = payload.Ref;
        if (pushedRef is not null && pushedRef.StartsWith(BranchRefPrefix, StringComparison.Ordinal))
        {
            AddText(texts, TextSource.Branch, pushedRef[BranchRefPrefix.Length..]);
        }

        // An annotated tag's message.
        AddText(texts, TextSource.Other, payload.Message);
        string? lastCommitUrl = null;
        foreach (var (message, url) in payload.Commits ?? [])
        {
            AddText(texts, TextSource.CommitMessage, message);
            lastCommitUrl = url ?? lastCommitUrl;
        }

        return new Reading(kind, texts, lastCommitUrl ?? payload.ProjectWebUrl, payload.UserUsername);
    }

    private static string KindOf(string objectKind, string? action) =>
        string.IsNullOrEmpty(action) ? objectKind : objectKind + "." + action;

    private static void AddText(List<EventText> texts, TextSource source, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            texts.Add(new EventText(source, text));
        }
    }
}
