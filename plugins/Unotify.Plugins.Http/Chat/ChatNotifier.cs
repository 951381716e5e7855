using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// What the <c>slack</c>, <c>teams</c> and <c>discord</c> processors share: one message per delivery to the service's
/// incoming webhook, in its format, retried on 429 (after <c>Retry-After</c>) and 5xx, failed on other answers with
/// the setting to check.
/// </summary>
internal sealed class ChatNotifier
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly IChatFormat _format;
    private readonly ChatNotifierSettings _settings;
    private readonly OncePerDeliveryPoster _poster;

    public ChatNotifier(IChatFormat format, ILogger logger, HttpClient httpClient, ProcessorSettings settings, TimeProvider timeProvider, IRequestLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(limiter);
        _format = format;
        _settings = ChatNotifierSettingsReader.Read(settings, format);
        _poster = new OncePerDeliveryPoster(httpClient, timeProvider, limiter, _settings.WebhookUrl, _settings.Timeout, "chat:",
            $"check setting '{ChatNotifierSettingsReader.WebhookUrlKey}' of worker '{settings.WorkerName}': the {format.Service} webhook may have been deleted or its URL mistyped.");
        logger.ChatConfigured(settings.WorkerName, format.Service, _settings.WebhookUrl.Host);
    }

    public Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);
        return _poster.PostAsync(webhookEvent, context, () => Request(webhookEvent), cancellationToken);
    }

    private HttpRequestMessage Request(WebhookEvent webhookEvent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _settings.WebhookUrl)
        {
            Content = new ByteArrayContent(_format.Body(_settings.Templates.MessageFor(webhookEvent))),
        };
        request.Content.Headers.ContentType = Json;
        return request;
    }
}
