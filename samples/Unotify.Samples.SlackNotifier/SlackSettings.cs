using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier;

/// <summary>The worker settings the Slack notifier reads.</summary>
/// <param name="WebhookUrl">The incoming-webhook URL (<c>webhook_url</c>).</param>
/// <param name="Timeout">How long one post may take (<c>timeout</c>, default 10 s).</param>
internal sealed record SlackSettings(Uri WebhookUrl, TimeSpan Timeout)
{
    public const string WebhookUrlKey = "webhook_url";
    public const string TimeoutKey = "timeout";

    /// <summary>Reads and checks the settings; a bad value stops the worker at start-up.</summary>
    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public static SlackSettings Read(ProcessorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = settings.GetRequiredString(WebhookUrlKey);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            // The URL is a credential: name the key, never echo the value.
            throw new ProcessorSettingsException(
                $"worker '{settings.WorkerName}': setting '{WebhookUrlKey}' is not an absolute http(s) URL; " +
                "set it to the incoming-webhook URL Slack shows (https://hooks.slack.com/services/…), for example as ${SLACK_WEBHOOK_URL}.");
        }

        return new SlackSettings(url, settings.GetDuration(TimeoutKey, TimeSpan.FromSeconds(10)));
    }
}
