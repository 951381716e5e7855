namespace Unotify.Plugins.Http;

/// <summary>A chat notifier's validated settings.</summary>
/// <param name="Target">Where messages are posted: the incoming-webhook address (a secret: only its host is ever shown), or Slack's <c>chat.postMessage</c>.</param>
/// <param name="Bot">Slack's bot token and channel when the worker posts with a token; <see langword="null"/> for an incoming webhook.</param>
/// <param name="Templates">The message templates.</param>
/// <param name="Timeout">How long one post may take.</param>
internal sealed record ChatNotifierSettings(Uri Target, SlackBot? Bot, ChatTemplates Templates, TimeSpan Timeout)
{
    /// <summary>The setting to check when the service refuses a post.</summary>
    public string SettingToFix => Bot is null ? ChatNotifierSettingsReader.WebhookUrlKey : ChatNotifierSettingsReader.TokenKey;
}
