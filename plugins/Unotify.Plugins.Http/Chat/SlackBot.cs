namespace Unotify.Plugins.Http;

/// <summary>Slack's bot-token mode: <c>chat.postMessage</c> with a bot token to one channel.</summary>
/// <param name="Token">The bot token (a secret: never logged, never in an outcome).</param>
/// <param name="Channel">The channel's id or name.</param>
internal sealed record SlackBot(string Token, string Channel);
