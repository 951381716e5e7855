using System.Text.Json;
using Unotify.Sdk;
using static Unotify.Sdk.JsonElementPath;

namespace Unotify.Plugins.GitLab.Tests.Reference;

/// <summary>
/// The provider's reading of a payload as it was before the streaming reader: from a <see cref="JsonDocument"/> with
/// <c>JsonElementPath</c>. Kept as the reference the streaming reader must agree with (GitLabPayloadReaderTests).
/// </summary>
internal static class DocumentGitLabEventReader
{
    private const string BranchRefPrefix = "refs/heads/";

    /// <summary>What one payload says, in provider-neutral terms.</summary>
    public sealed record Reading(string Kind, IReadOnlyList<EventText> Texts, string? Url, string? Actor);

    /// <summary>Reads a payload whose <c>object_kind</c> is <paramref name="objectKind"/>.</summary>
    public static Reading Read(string objectKind, JsonElement payload) => objectKind switch
    {
        "merge_request" => ReadMergeRequest(payload),
        "release" => ReadRelease(payload),
        "push" => ReadPush(payload, EventKinds.Push),
        "tag_push" => ReadPush(payload, "tag_push"),
        _ => new Reading(KindOf(objectKind, String(payload, "object_attributes", "action")), [], String(payload, "object_attributes", "url"), String(payload, "user", "username")),
    };

    private static Reading ReadMergeRequest(JsonElement payload)
    {
        var action = String(payload, "object_attributes", "action");
        var texts = new List<EventText>(4);
        AddText(texts, TextSource.Title, String(payload, "object_attributes", "title"));
        AddText(texts, TextSource.Body, String(payload, "object_attributes", "description"));
        AddText(texts, TextSource.Branch, String(payload, "object_attributes", "source_branch"));
        AddText(texts, TextSource.CommitMessage, String(payload, "object_attributes", "last_commit", "message"));
        var kind = action == "merge" ? EventKinds.MergeRequestMerged : KindOf("merge_request", action);
        return new Reading(kind, texts, String(payload, "object_attributes", "url"), String(payload, "user", "username"));
    }

    private static Reading ReadRelease(JsonElement payload)
    {
        var action = String(payload, "action");
        var texts = new List<EventText>(2);
        AddText(texts, TextSource.ReleaseName, String(payload, "name"));
        AddText(texts, TextSource.ReleaseNotes, String(payload, "description"));
        var kind = action == "create" ? EventKinds.ReleasePublished : KindOf("release", action);
        // A release payload names no user; the release commit's author is the nearest thing to one.
        return new Reading(kind, texts, String(payload, "url"), String(payload, "commit", "author", "name"));
    }

    private static Reading ReadPush(JsonElement payload, string kind)
    {
        var texts = new List<EventText>();
        var pushedRef = String(payload, "ref");
        if (pushedRef is not null && pushedRef.StartsWith(BranchRefPrefix, StringComparison.Ordinal))
        {
            AddText(texts, TextSource.Branch, pushedRef[BranchRefPrefix.Length..]);
        }

        // An annotated tag's message.
        AddText(texts, TextSource.Other, String(payload, "message"));
        string? lastCommitUrl = null;
        if (TryGet(payload, out var commits, "commits") && commits.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in commits.EnumerateArray())
            {
                AddText(texts, TextSource.CommitMessage, String(commit, "message"));
                lastCommitUrl = String(commit, "url") ?? lastCommitUrl;
            }
        }

        return new Reading(kind, texts, lastCommitUrl ?? String(payload, "project", "web_url"), String(payload, "user_username"));
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
