using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Unotify.Sdk;

namespace Unotify.Testing.FakeGitHub;

/// <summary>
/// Events as the <c>github</c> provider makes them, with the payload fields its API lookups read (the repository's
/// <c>full_name</c>, the pull request's number, the release's id, tag and publication time), for tests that start past
/// the door.
/// </summary>
public static class GitHubEvents
{
    /// <summary>The repository of every event here.</summary>
    public const string Repository = "Codertocat/Hello-World";

    /// <summary>A merged pull request whose title is <paramref name="title"/>.</summary>
    /// <param name="title">The title, the event's one text.</param>
    /// <param name="number">The pull request's number.</param>
    /// <param name="provider">The provider's name.</param>
    /// <returns>The event.</returns>
    public static WebhookEvent MergedPullRequest(string title, long number = 2, string provider = "github") => Event(
        EventKinds.PullRequestMerged,
        provider,
        new JsonObject
        {
            ["action"] = "closed",
            ["number"] = number,
            ["pull_request"] = new JsonObject { ["number"] = number, ["title"] = title, ["merged"] = true, ["html_url"] = $"https://github.com/{Repository}/pull/{number}" },
        },
        [new EventText(TextSource.Title, title)]);

    /// <summary>A published release.</summary>
    /// <param name="tag">Its tag, also its name.</param>
    /// <param name="id">Its id.</param>
    /// <param name="publishedAt">When it was published.</param>
    /// <param name="notes">Its notes, or none.</param>
    /// <returns>The event.</returns>
    public static WebhookEvent PublishedRelease(string tag, long id, DateTimeOffset publishedAt, string? notes = null) => Event(
        EventKinds.ReleasePublished,
        "github",
        new JsonObject
        {
            ["action"] = "published",
            ["release"] = new JsonObject
            {
                ["id"] = id,
                ["tag_name"] = tag,
                ["name"] = tag,
                ["body"] = notes,
                ["draft"] = false,
                ["published_at"] = publishedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            },
        },
        notes is null ? [new EventText(TextSource.ReleaseName, tag)] : [new EventText(TextSource.ReleaseName, tag), new EventText(TextSource.ReleaseNotes, notes)]);

    /// <summary>A push, which GitHub's API is never asked about.</summary>
    /// <returns>The event.</returns>
    public static WebhookEvent Push() => Event(EventKinds.Push, "github", new JsonObject { ["ref"] = "refs/heads/main" }, [new EventText(TextSource.Branch, "main")]);

    private static WebhookEvent Event(string kind, string provider, JsonObject payload, IReadOnlyList<EventText> texts)
    {
        payload["repository"] = new JsonObject { ["full_name"] = Repository };
        payload["sender"] = new JsonObject { ["login"] = "Codertocat" };
        return new WebhookEvent
        {
            DeliveryId = Guid.NewGuid().ToString(),
            Provider = provider,
            RepoId = "186853002",
            Repository = Repository,
            Kind = kind,
            ReceivedAt = DateTimeOffset.UtcNow,
            Texts = texts,
            Url = kind == EventKinds.PullRequestMerged ? $"https://github.com/{Repository}/pull/2" : null,
            Actor = "Codertocat",
            Payload = Encoding.UTF8.GetBytes(payload.ToJsonString()),
        };
    }
}
