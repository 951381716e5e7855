using System.Text.Json.Nodes;

namespace Unotify.Plugins.Http;

/// <summary>How one chat service takes a message from an incoming webhook.</summary>
internal interface IChatFormat
{
    /// <summary>The service's name in messages: <c>Slack</c>.</summary>
    string Service { get; }

    /// <summary>The JSON body of the webhook request (Slack's <c>chat.postMessage</c> takes the same, plus the channel).</summary>
    JsonObject Body(ChatMessage message);
}
