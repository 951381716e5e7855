using System.Text.RegularExpressions;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// The pull request, merge request, release or push an event is about, as Jira shows it: a short name
/// (<c>PR #42</c>), its title, its state and its address.
/// </summary>
/// <param name="Name">The short name: <c>PR #42</c>, <c>MR !7</c>, <c>release v1.3.0</c>, <c>push to main</c>.</param>
/// <param name="Title">The title or first line it has, or <see langword="null"/>.</param>
/// <param name="State">The state the event put it in (<c>merged</c>, <c>published</c>), or <see langword="null"/>.</param>
/// <param name="Url">Its address (the pull request, the release, the compare view).</param>
/// <param name="Author">Who caused the event, or <see langword="null"/>.</param>
internal sealed partial record CodeReference(string Name, string? Title, string? State, string Url, string? Author)
{
    /// <summary>The remote link's title: <c>PR #42 fix login (merged)</c>.</summary>
    public string LinkTitle => Title is null ? Suffixed(Name) : Suffixed($"{Name} {Title}");

    /// <summary>
    /// The link's id in Jira, the same for every delivery about the same pull request or release (its address), so
    /// that a redelivery, or the merge after the opening, updates the link instead of adding a second one.
    /// </summary>
    public string GlobalId => "unotify:" + Url;

    /// <summary>What <paramref name="webhookEvent"/> is about, or <see langword="null"/> when it has no address to link to.</summary>
    public static CodeReference? Of(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (webhookEvent.Url is not { Length: > 0 } url)
        {
            return null;
        }

        var kind = webhookEvent.Kind;
        var dot = kind.IndexOf('.', StringComparison.Ordinal);
        var (family, action) = dot < 0 ? (kind, null) : (kind[..dot], kind[(dot + 1)..]);
        var name = family switch
        {
            "pull_request" => PullRequestNumber().Match(url) is { Success: true } pr ? $"PR #{pr.Groups[1].Value}" : "pull request",
            "merge_request" => MergeRequestNumber().Match(url) is { Success: true } mr ? $"MR !{mr.Groups[1].Value}" : "merge request",
            "release" => $"release {FirstLine(webhookEvent.FirstText(TextSource.ReleaseName)) ?? ReleaseTag(url) ?? string.Empty}".TrimEnd(),
            "push" => webhookEvent.FirstText(TextSource.Branch) is { } branch ? $"push to {branch}" : "push",
            _ => kind,
        };
        var title = family switch
        {
            "push" => FirstLine(webhookEvent.FirstText(TextSource.CommitMessage)),
            "release" => null, // the release's name is already its name
            _ => FirstLine(webhookEvent.FirstText(TextSource.Title)),
        };
        return new CodeReference(name, title, action, url, webhookEvent.Actor);
    }

    private string Suffixed(string text) => State is null ? text : $"{text} ({State})";

    private static string? FirstLine(string? text)
    {
        var line = text?.ReplaceLineEndings("\n").Split('\n', 2)[0].Trim();
        return string.IsNullOrEmpty(line) ? null : line.Length <= 200 ? line : line[..200] + "…";
    }

    private static string? ReleaseTag(string url) => ReleaseTagPattern().Match(url) is { Success: true } tag ? Uri.UnescapeDataString(tag.Groups[1].Value) : null;

    [GeneratedRegex(@"/pull/(\d+)(?:[/?#]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PullRequestNumber();

    [GeneratedRegex(@"/merge_requests/(\d+)(?:[/?#]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex MergeRequestNumber();

    [GeneratedRegex(@"/releases/tag/([^/?#]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseTagPattern();
}
