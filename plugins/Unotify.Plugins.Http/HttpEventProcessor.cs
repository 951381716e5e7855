using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// The <c>http</c> processor: POSTs each event as JSON to a URL — the normalized event, or the worker's <c>template</c>
/// with the event's values filled in — optionally signed with <c>X-Unotify-Signature-256</c>, once per delivery.
/// </summary>
/// <remarks>
/// 2xx is done; 429 and 5xx are retried, honouring <c>Retry-After</c>; a timeout or connection failure is retried
/// with the host's backoff; any other answer fails the job. Settings are read in the constructor, so a bad value
/// stops start-up. One instance serves all of a worker's jobs concurrently.
/// </remarks>
[EventProcessor(ProcessorName, Settings = [HttpTargetSettingsReader.UrlKey, HttpTargetSettingsReader.SecretKey, HttpTargetSettingsReader.TemplateKey, HttpTargetSettingsReader.TimeoutKey, HttpTargetSettingsReader.HeadersPrefix + "*"])]
public sealed class HttpEventProcessor : IEventProcessor
{
    /// <summary>The processor's name in <c>workers.yaml</c>.</summary>
    public const string ProcessorName = "http";

    private static readonly MediaTypeHeaderValue _json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpTargetSettings _settings;
    private readonly OncePerDeliveryPoster _poster;

    /// <summary>Creates the processor for one worker whose posts wait their turn under the worker's <c>rate:</c>.</summary>
    /// <param name="logger">The start-up logger; jobs log through their context's logger.</param>
    /// <param name="httpClient">An HTTP client with nothing configured on it.</param>
    /// <param name="settings">The worker's settings: <c>url</c> (required), <c>secret</c>, <c>headers</c>, <c>template</c>, <c>timeout</c>.</param>
    /// <param name="timeProvider">The clock for timeouts and <c>Retry-After</c> dates.</param>
    /// <param name="limiter">The worker's request limiter, awaited before every post.</param>
    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public HttpEventProcessor(ILogger<HttpEventProcessor> logger, HttpClient httpClient, ProcessorSettings settings, TimeProvider timeProvider, IRequestLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _settings = HttpTargetSettingsReader.Read(settings);
        _poster = new OncePerDeliveryPoster(httpClient, timeProvider, limiter, _settings.Url, _settings.Timeout, "http:",
            "check the worker's url, headers and secret against what the receiver expects.");
        logger.Configured(
            settings.WorkerName,
            _settings.Url.Host,
            _settings.Template is null ? "the normalized event" : "a template",
            _settings.Secret is null ? "unsigned" : "signed");
    }


    /// <inheritdoc />
    public Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);
        return _poster.PostAsync(webhookEvent, context, () => Request(webhookEvent, context.Followed), cancellationToken);
    }

    private HttpRequestMessage Request(WebhookEvent webhookEvent, FollowedOutcome? followed)
    {
        var body = Encoding.UTF8.GetBytes(_settings.Template?.Render(webhookEvent, followed) ?? NormalizedEventBody.Render(webhookEvent));
        var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = _json;
        request.Headers.TryAddWithoutValidation(HttpEventHeaders.Delivery, webhookEvent.DeliveryId);
        request.Headers.TryAddWithoutValidation(HttpEventHeaders.Event, webhookEvent.Kind);
        if (_settings.Secret is { } secret)
        {
            request.Headers.TryAddWithoutValidation(HttpEventHeaders.Signature256, BodySigner.Sign(secret, body));
        }

        foreach (var (name, value) in _settings.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
