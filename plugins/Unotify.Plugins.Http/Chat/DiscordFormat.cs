using System.Text.Json.Nodes;

namespace Unotify.Plugins.Http;

/// <summary>A Discord webhook: one embed with the message as its description and the link as its title's target.</summary>
internal sealed class DiscordFormat : IChatFormat
{
    // Discord refuses an embed whose title is over 256 characters or whose description is over 4,096.
    private const int MaxTitle = 256;
    private const int MaxDescription = 4096;

    public string Service => "Discord";

    public JsonObject Body(ChatMessage message)
    {
        var embed = new JsonObject { ["description"] = Cut(message.Text, MaxDescription) };
        if (message.Title is { } title)
        {
            embed["title"] = Cut(title, MaxTitle);
        }

        if (message.Url is { } url)
        {
            embed["url"] = url;
        }

        // No mention of anyone, whatever the text says: a PR title with @everyone must not ping the server.
        return new JsonObject
        {
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }

    private static string Cut(string text, int most) => text.Length <= most ? text : text[..(most - 1)] + "…";
}
