using System.Text.Json;
using System.Text.Json.Serialization;
using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier;

/// <summary>
/// Builds the incoming-webhook body for an event: <c>{"text": …, "blocks": […]}</c>. The <c>text</c> is the whole
/// message for clients and notifications that do not show blocks.
/// </summary>
internal static class SlackMessage
{
    private static readonly JsonSerializerOptions _json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Whether the notifier posts about events of <paramref name="kind"/>.</summary>
    public static bool Announces(string kind) => kind is EventKinds.PullRequestMerged or EventKinds.ReleasePublished;

    /// <summary>The JSON body for <paramref name="webhookEvent"/>, a merged pull request or a published release.</summary>
    public static string For(WebhookEvent webhookEvent)
    {
        var isRelease = webhookEvent.Kind == EventKinds.ReleasePublished;
        var title = (isRelease ? webhookEvent.FirstText(TextSource.ReleaseName) : webhookEvent.FirstText(TextSource.Title))
            ?? (isRelease ? "a release" : "a pull request");
        var what = isRelease ? "Release published" : "Pull request merged";
        var link = webhookEvent.Url is { } url ? $"<{Escape(url)}|{Escape(title)}>" : Escape(title);
        var repository = Escape(webhookEvent.Repository ?? webhookEvent.RepoId);
        var actor = webhookEvent.Actor is { } login ? $" by {Escape(login)}" : string.Empty;
        var tickets = TicketKeys.In(webhookEvent);
        var ticketLine = tickets.Count == 0 ? "no tickets named" : "tickets: " + string.Join(", ", tickets);

        var text = $"{what} in {repository}{actor}: {link} ({ticketLine})";
        var blocks = new List<Block>
        {
            new("section", Text: new TextObject("mrkdwn", $"*{what}* in *{repository}*{actor}\n{link}")),
            new("context", Elements: [new TextObject("mrkdwn", ticketLine)]),
        };
        return JsonSerializer.Serialize(new Message(text, blocks), _json);
    }

    /// <summary>Escapes the three characters Slack's mrkdwn reserves (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>).</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private sealed record Message(string Text, IReadOnlyList<Block> Blocks);

    private sealed record Block(string Type, TextObject? Text = null, IReadOnlyList<TextObject>? Elements = null);

    private sealed record TextObject(string Type, string Text);
}
