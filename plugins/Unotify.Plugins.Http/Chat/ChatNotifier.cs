using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// What the <c>slack</c>, <c>teams</c> and <c>discord</c> processors share: one message per delivery to the service's
/// incoming webhook (or, for Slack with a bot token, to <c>chat.postMessage</c>), in its format, retried on 429 (after
/// <c>Retry-After</c>) and 5xx, failed on other answers with the setting to check.
/// </summary>
internal sealed class ChatNotifier
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly IChatFormat _format;
    private readonly ChatNotifierSettings _settings;
    private readonly OncePerDeliveryPoster _poster;

    /// <summary>Creates a notifier; <paramref name="takesBotToken"/> lets it post with Slack's bot token instead of a webhook.</summary>
    public ChatNotifier(IChatFormat format, ILogger logger, HttpClient httpClient, ProcessorSettings settings, TimeProvider timeProvider, IRequestLimiter limiter, bool takesBotToken = false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(limiter);
        _format = format;
        _settings = ChatNotifierSettingsReader.Read(settings, format, takesBotToken);
        var worker = settings.WorkerName;
        var fix = _settings.Bot is null
            ? $"check setting '{ChatNotifierSettingsReader.WebhookUrlKey}' of worker '{worker}': the {format.Service} webhook may have been deleted or its URL mistyped."
            : $"check setting '{ChatNotifierSettingsReader.TokenKey}' of worker '{worker}' (and '{ChatNotifierSettingsReader.ApiUrlKey}', when set): Slack refused the token or the address.";
        Func<HttpResponseMessage, CancellationToken, Task<ProcessingResult?>>? checkSuccess = _settings.Bot is null
            ? null
            : (response, cancellationToken) => SlackApiAnswer.CheckAsync(response, worker, timeProvider, cancellationToken);
        _poster = new OncePerDeliveryPoster(httpClient, timeProvider, limiter, _settings.Target, _settings.Timeout, "chat:", fix, checkSuccess);
        logger.ChatConfigured(worker, format.Service, _settings.Target.Host);
    }

    public Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);
        return _poster.PostAsync(webhookEvent, context, () => Request(webhookEvent, context.Followed), cancellationToken);
    }

    private HttpRequestMessage Request(WebhookEvent webhookEvent, FollowedOutcome? followed)
    {
        var body = _format.Body(_settings.Templates.MessageFor(webhookEvent, followed));
        if (_settings.Bot is { } bot)
        {
            body["channel"] = bot.Channel;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, _settings.Target) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)) };
        request.Content.Headers.ContentType = Json;
        if (_settings.Bot is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Bot.Token);
        }

        return request;
    }
}
