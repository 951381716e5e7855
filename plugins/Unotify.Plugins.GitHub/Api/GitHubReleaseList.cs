using System.Globalization;
using System.Text.Json;
using static Unotify.Sdk.JsonElementPath;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Finds the release published before a given one among the pages of <c>GET /repos/{o}/{r}/releases</c>: the latest
/// published (not draft) release other than it whose publication is earlier.
/// </summary>
/// <param name="releaseId">The id of the release being published.</param>
/// <param name="publishedAt">When it was published.</param>
internal sealed class GitHubReleaseList(long releaseId, DateTimeOffset publishedAt)
{
    private DateTimeOffset _previousAt = DateTimeOffset.MinValue;

    /// <summary>The previous release's tag, once every page is read; <see langword="null"/> when there is none (the first release).</summary>
    public string? PreviousTag { get; private set; }

    /// <summary>Reads one page of releases.</summary>
    /// <param name="page">The page's JSON.</param>
    /// <returns><see langword="null"/> when read, else what is malformed.</returns>
    public string? Read(JsonElement page)
    {
        if (page.ValueKind != JsonValueKind.Array)
        {
            return $"the releases are a JSON {page.ValueKind.ToString().ToLowerInvariant()}, not an array";
        }

        foreach (var release in page.EnumerateArray())
        {
            if (release.ValueKind != JsonValueKind.Object || !TryGet(release, out var id, "id") || !id.TryGetInt64(out var releaseIdOfItem)
                || String(release, "tag_name") is not { } tag)
            {
                return "a release has no id or no tag_name";
            }

            if (releaseIdOfItem == releaseId || IsTrue(release, "draft") || !TryParseTime(String(release, "published_at"), out var at))
            {
                continue;
            }

            if (at < publishedAt && at > _previousAt)
            {
                (_previousAt, PreviousTag) = (at, tag);
            }
        }

        return null;
    }

    /// <summary>Reads a GitHub timestamp (<c>2026-12-06T15:00:00Z</c>).</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <param name="time">The time.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
}
