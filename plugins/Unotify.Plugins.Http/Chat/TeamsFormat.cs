using System.Text.Json.Nodes;

namespace Unotify.Plugins.Http;

/// <summary>A Microsoft Teams Workflows (or incoming) webhook: a message with one Adaptive Card, the link as a button.</summary>
internal sealed class TeamsFormat : IChatFormat
{
    public string Service => "Microsoft Teams";

    public JsonObject Body(ChatMessage message)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = message.Text, ["wrap"] = true }),
        };
        if (message.Url is { } url)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open", ["url"] = url });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        };
    }
}
