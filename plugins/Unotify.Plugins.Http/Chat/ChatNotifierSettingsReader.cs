using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>Reads a chat notifier's settings; every problem stops start-up naming the worker, the setting and the fix.</summary>
internal static class ChatNotifierSettingsReader
{
    public const string WebhookUrlKey = "webhook_url";
    public const string TemplateKey = "template";
    public const string TemplatesPrefix = "templates:";
    public const string TimeoutKey = "timeout";

    public static ChatNotifierSettings Read(ProcessorSettings settings, IChatFormat format)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var worker = settings.WorkerName;
        var text = settings.GetString(WebhookUrlKey);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ProcessorSettingsException(
                $"worker '{worker}': setting '{WebhookUrlKey}' is missing; set it to the {format.Service} webhook's address, from an environment variable (webhook_url: ${{CHAT_WEBHOOK_URL}}) since it is a secret.");
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            // The value is a secret: say what is wrong with it without repeating it.
            throw new ProcessorSettingsException(
                $"worker '{worker}': setting '{WebhookUrlKey}' is not an absolute http(s) address; paste the whole {format.Service} webhook URL.");
        }

        var byKind = settings.Values
            .Where(pair => pair.Key.StartsWith(TemplatesPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(pair => pair.Key[TemplatesPrefix.Length..], pair => pair.Value, StringComparer.Ordinal);
        var templates = ChatTemplates.Read(settings.GetString(TemplateKey), byKind,
            (key, problem) => new ProcessorSettingsException($"worker '{worker}': setting '{key}' {problem}"));
        return new ChatNotifierSettings(url, templates, settings.GetDuration(TimeoutKey, TimeSpan.FromSeconds(10)));
    }
}
