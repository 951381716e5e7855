using System.Text.Json;
using Unotify.Sdk;
using static Unotify.Sdk.JsonElementPath;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Finds what a GitHub event names beyond its payload by asking GitHub's API: a merged pull request's commit messages
/// (<c>GET /repos/{o}/{r}/pulls/{n}/commits</c>, which lists the pull request's own commits however it was merged:
/// merge, squash or rebase), and for a published release the messages of every commit since the previous release
/// (<c>GET /repos/{o}/{r}/compare/{previous}...{tag}</c>, the previous one found with <c>GET /repos/{o}/{r}/releases</c>).
/// Other events, and a first release, name nothing more.
/// </summary>
/// <param name="api">The client with the provider's token.</param>
/// <param name="providerName">The provider instance's name, for messages.</param>
internal sealed class GitHubCommitTextFinder(GitHubApiClient api, string providerName) : IEventTextFinder
{
    private const string PerPage = "per_page=100";

    /// <inheritdoc />
    public async Task<EventTextLookup> FindTextsAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (webhookEvent.Kind is not (EventKinds.PullRequestMerged or EventKinds.ReleasePublished))
        {
            return EventTextLookup.None;
        }

        JsonDocument payload;
        try
        {
            payload = webhookEvent.ParsePayload();
        }
        catch (JsonException exception)
        {
            return PayloadProblem(webhookEvent, $"is not JSON ({exception.Message})");
        }

        using (payload)
        {
            var root = payload.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "repository", "full_name") is not { } fullName || fullName.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
            {
                return PayloadProblem(webhookEvent, "names no repository.full_name of the form owner/name");
            }

            var repository = $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
            return webhookEvent.Kind == EventKinds.PullRequestMerged
                ? await PullRequestCommitsAsync(webhookEvent, root, repository, cancellationToken).ConfigureAwait(false)
                : await ReleaseRangeAsync(webhookEvent, root, repository, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<EventTextLookup> PullRequestCommitsAsync(WebhookEvent webhookEvent, JsonElement root, string repository, CancellationToken cancellationToken)
    {
        if (!TryGet(root, out var number, "pull_request", "number") || !number.TryGetInt64(out var pullRequest) || pullRequest <= 0)
        {
            return PayloadProblem(webhookEvent, "has no pull_request.number");
        }

        var texts = new List<EventText>();
        var problem = await api.ReadPagesAsync(
            $"{repository}/pulls/{pullRequest}/commits?{PerPage}",
            page => GitHubCommitMessages.Read(page, GitHubCommitMessages.CommitOrigin, texts),
            cancellationToken).ConfigureAwait(false);
        return problem is null ? EventTextLookup.Found(texts) : EventTextLookup.Failed(problem);
    }

    private async Task<EventTextLookup> ReleaseRangeAsync(WebhookEvent webhookEvent, JsonElement root, string repository, CancellationToken cancellationToken)
    {
        if (String(root, "release", "tag_name") is not { } tag || !TryGet(root, out var id, "release", "id") || !id.TryGetInt64(out var releaseId)
            || !GitHubReleaseList.TryParseTime(String(root, "release", "published_at") ?? String(root, "release", "created_at"), out var publishedAt))
        {
            return PayloadProblem(webhookEvent, "has no release.tag_name, release.id or release.published_at");
        }

        var releases = new GitHubReleaseList(releaseId, publishedAt);
        var problem = await api.ReadPagesAsync($"{repository}/releases?{PerPage}", releases.Read, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return EventTextLookup.Failed(problem);
        }

        if (releases.PreviousTag is not { } previous)
        {
            return EventTextLookup.None;
        }

        var range = $"release range {previous}…{tag}";
        var texts = new List<EventText>();
        problem = await api.ReadPagesAsync(
            $"{repository}/compare/{Uri.EscapeDataString(previous)}...{Uri.EscapeDataString(tag)}?{PerPage}",
            page => page.ValueKind == JsonValueKind.Object && TryGet(page, out var commits, "commits")
                ? GitHubCommitMessages.Read(commits, _ => range, texts)
                : "it has no commits array",
            cancellationToken).ConfigureAwait(false);
        return problem is null ? EventTextLookup.Found(texts) : EventTextLookup.Failed(problem);
    }

    private EventTextLookup PayloadProblem(WebhookEvent webhookEvent, string what) =>
        EventTextLookup.Failed(ProcessingResult.Fail(
            $"The {webhookEvent.Kind} payload of delivery {webhookEvent.DeliveryId} {what}, so provider '{providerName}' cannot ask GitHub for its commits; GitHub always sends it, so check what sent this delivery."));
}
