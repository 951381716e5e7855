using System.Text.Json.Nodes;

namespace Unotify.Plugins.Http;

/// <summary>Slack's incoming webhook: <c>{"text": "…"}</c> in Slack's mrkdwn, the link as <c>&lt;url|title&gt;</c>.</summary>
internal sealed class SlackFormat : IChatFormat
{
    public string Service => "Slack";

    public JsonObject Body(ChatMessage message)
    {
        // mrkdwn treats &, < and > as markup: a title or text with them is escaped so it shows as written.
        var text = Escape(message.Text);
        if (message.Url is { } url)
        {
            text += $"\n<{url}|{Escape(message.Title ?? url)}>";
        }

        return new JsonObject { ["text"] = text };
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
