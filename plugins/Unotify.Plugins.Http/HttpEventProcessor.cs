using System.Net;
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

    private const int MaxAnswerLength = 300;

    // A claim outlives the post's timeout, so a live post is never taken over by another replica.
    private static readonly MediaTypeHeaderValue _json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly HttpTargetSettings _settings;
    private readonly IRequestLimiter _limiter;

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
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        ArgumentNullException.ThrowIfNull(settings);
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _settings = HttpTargetSettingsReader.Read(settings);
        logger.Configured(
            settings.WorkerName,
            _settings.Url.Host,
            _settings.Template is null ? "the normalized event" : "a template",
            _settings.Secret is null ? "unsigned" : "signed");
    }


    /// <inheritdoc />
    public async Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);

        // Claim → act → mark: a redelivered job finds the key done and posts nothing.
        var key = "http:" + webhookEvent.DeliveryId;
        var claim = await context.Idempotency.ClaimAsync(key, "posting to " + _settings.Url.Host, cancellationToken).ConfigureAwait(false);
        if (claim.Status == IdempotencyClaimStatus.AlreadyDone)
        {
            return ProcessingResult.Done($"delivery {webhookEvent.DeliveryId} was already posted");
        }

        if (claim.Status == IdempotencyClaimStatus.HeldByOther)
        {
            return ProcessingResult.Retry($"another replica is posting delivery {webhookEvent.DeliveryId}");
        }

        if (claim.AbandonedNote is not null)
        {
            context.Logger.MayRepeat(webhookEvent.DeliveryId);
        }

        var result = await PostAsync(webhookEvent, cancellationToken).ConfigureAwait(false);
        // Recording the outcome must not be cancelled once the post has happened.
        if (result is ProcessingResult.DoneResult)
        {
            await context.Idempotency.MarkDoneAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await context.Idempotency.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<ProcessingResult> PostAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(_settings.Template?.Render(webhookEvent) ?? NormalizedEventBody.Render(webhookEvent));
        using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = new ByteArrayContent(body) };
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

        await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_settings.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var target = _settings.Url.Host;
        try
        {
            using var response = await _httpClient.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return ProcessingResult.Done($"posted {webhookEvent.Kind} to {target}: {(int)response.StatusCode}");
            }

            var status = (int)response.StatusCode;
            var answer = await AnswerAsync(response, linked.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.TooManyRequests
                ? ProcessingResult.Throttled($"{target} answered {status}{answer}", RetryAfter.Of(response, _timeProvider))
                : status >= 500
                ? ProcessingResult.Unavailable($"{target} answered {status}{answer}", RetryAfter.Of(response, _timeProvider))
                : ProcessingResult.Fail($"{target} answered {status}{answer}; check the worker's url, headers and secret against what the receiver expects.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProcessingResult.Unavailable($"{target} did not answer within {_settings.Timeout.TotalSeconds:0.###} s (setting 'timeout')");
        }
        catch (HttpRequestException exception)
        {
            return ProcessingResult.Unavailable($"{target} could not be reached: {exception.Message}");
        }
    }

    private static async Task<string> AnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return text.Length == 0 ? string.Empty : ": " + (text.Length > MaxAnswerLength ? text[..MaxAnswerLength] + "…" : text);
    }
}
