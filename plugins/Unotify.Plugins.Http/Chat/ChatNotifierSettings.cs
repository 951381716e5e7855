namespace Unotify.Plugins.Http;

/// <summary>A chat notifier's validated settings.</summary>
/// <param name="WebhookUrl">The service's incoming-webhook address (a secret: only its host is ever shown).</param>
/// <param name="Templates">The message templates.</param>
/// <param name="Timeout">How long one post may take.</param>
internal sealed record ChatNotifierSettings(Uri WebhookUrl, ChatTemplates Templates, TimeSpan Timeout);
