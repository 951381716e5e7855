using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>Reads a chat notifier's settings; every problem stops start-up naming the worker, the setting and the fix.</summary>
internal static class ChatNotifierSettingsReader
{
    public const string WebhookUrlKey = "webhook_url";
    public const string TemplateKey = "template";
    public const string TemplatesPrefix = "templates:";
    public const string TimeoutKey = "timeout";

    /// <summary>Slack's bot-token mode: the token, the channel, and the Web API's base address (tests point it at a fake).</summary>
    public const string TokenKey = "token";
    public const string ChannelKey = "channel";
    public const string ApiUrlKey = "api_url";

    private static readonly Uri SlackApi = new("https://slack.com/api/");

    /// <summary>Reads the settings of a notifier that posts to an incoming webhook, or (<paramref name="takesBotToken"/>) with Slack's bot token.</summary>
    public static ChatNotifierSettings Read(ProcessorSettings settings, IChatFormat format, bool takesBotToken = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var worker = settings.WorkerName;
        var byKind = settings.Values
            .Where(pair => pair.Key.StartsWith(TemplatesPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(pair => pair.Key[TemplatesPrefix.Length..], pair => pair.Value, StringComparer.Ordinal);
        var templates = ChatTemplates.Read(settings.GetString(TemplateKey), byKind,
            (key, problem) => new ProcessorSettingsException($"worker '{worker}': setting '{key}' {problem}"));
        var timeout = settings.GetDuration(TimeoutKey, TimeSpan.FromSeconds(10));

        var webhook = Given(settings, WebhookUrlKey);
        var token = takesBotToken ? Given(settings, TokenKey) : null;
        if (token is not null)
        {
            if (webhook is not null)
            {
                throw new ProcessorSettingsException(
                    $"worker '{worker}': setting '{TokenKey}' and setting '{WebhookUrlKey}' are both set; keep one: '{WebhookUrlKey}' posts to an incoming webhook, '{TokenKey}' with '{ChannelKey}' posts as a bot with chat.postMessage.");
            }

            var channel = Given(settings, ChannelKey) ?? throw new ProcessorSettingsException(
                $"worker '{worker}': setting '{TokenKey}' needs setting '{ChannelKey}': the channel to post to (its id, C0123ABCD, or its name, #deploys).");
            var api = Given(settings, ApiUrlKey) is { } apiText ? Address(worker, ApiUrlKey, apiText, "the Slack Web API's base address, https://slack.com/api/") : SlackApi;
            var postMessage = new Uri(api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/"), "chat.postMessage");
            return new ChatNotifierSettings(postMessage, new SlackBot(token, channel), templates, timeout);
        }

        if (takesBotToken)
        {
            foreach (var botOnly in (string[])[ChannelKey, ApiUrlKey])
            {
                if (Given(settings, botOnly) is not null)
                {
                    throw new ProcessorSettingsException(
                        $"worker '{worker}': setting '{botOnly}' goes with a bot token, and setting '{TokenKey}' is not set; set '{TokenKey}' (token: ${{SLACK_BOT_TOKEN}}) or remove '{botOnly}'.");
                }
            }
        }

        if (webhook is null)
        {
            var orBot = takesBotToken ? $", or post as a bot with '{TokenKey}' and '{ChannelKey}'" : string.Empty;
            throw new ProcessorSettingsException(
                $"worker '{worker}': setting '{WebhookUrlKey}' is missing; set it to the {format.Service} webhook's address, from an environment variable (webhook_url: ${{CHAT_WEBHOOK_URL}}) since it is a secret{orBot}.");
        }

        return new ChatNotifierSettings(Address(worker, WebhookUrlKey, webhook, $"the whole {format.Service} webhook URL"), null, templates, timeout);
    }

    private static string? Given(ProcessorSettings settings, string key) =>
        settings.GetString(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static Uri Address(string worker, string key, string text, string what)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            // The value may be a secret: say what is wrong with it without repeating it.
            throw new ProcessorSettingsException($"worker '{worker}': setting '{key}' is not an absolute http(s) address; paste {what}.");
        }

        return url;
    }
}
