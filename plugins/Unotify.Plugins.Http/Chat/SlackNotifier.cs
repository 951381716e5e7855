using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// The <c>slack</c> processor: one message per event its worker takes, posted to a Slack incoming webhook
/// (setting <c>webhook_url</c>) or as a bot with <c>chat.postMessage</c> (settings <c>token</c> and <c>channel</c>),
/// with the worker's template or a default for the event's kind.
/// </summary>
[EventProcessor(ProcessorName, Settings = [ChatNotifierSettingsReader.WebhookUrlKey, ChatNotifierSettingsReader.TemplateKey, ChatNotifierSettingsReader.TemplatesPrefix + "*", ChatNotifierSettingsReader.TimeoutKey, ChatNotifierSettingsReader.TokenKey, ChatNotifierSettingsReader.ChannelKey, ChatNotifierSettingsReader.ApiUrlKey])]
public sealed class SlackNotifier : IEventProcessor
{
    /// <summary>The processor's name in <c>workers.yaml</c>.</summary>
    public const string ProcessorName = "slack";

    private readonly ChatNotifier _notifier;

    /// <summary>Creates the processor for one worker.</summary>
    /// <param name="logger">The start-up logger.</param>
    /// <param name="httpClient">An HTTP client with nothing configured on it.</param>
    /// <param name="settings">The worker's settings: <c>webhook_url</c>, or <c>token</c> and <c>channel</c> (with <c>api_url</c>, by default <c>https://slack.com/api/</c>); <c>template</c>, <c>templates</c> per event kind, <c>timeout</c>.</param>
    /// <param name="timeProvider">The clock for timeouts and <c>Retry-After</c> dates.</param>
    /// <param name="limiter">The worker's request limiter, awaited before every post.</param>
    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public SlackNotifier(ILogger<SlackNotifier> logger, HttpClient httpClient, ProcessorSettings settings, TimeProvider timeProvider, IRequestLimiter limiter) =>
        _notifier = new ChatNotifier(new SlackFormat(), logger, httpClient, settings, timeProvider, limiter, takesBotToken: true);

    /// <inheritdoc />
    public Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken) =>
        _notifier.ProcessAsync(webhookEvent, context, cancellationToken);
}
