using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier;

/// <summary>
/// The <c>slack</c> processor: posts a message to a Slack-compatible incoming webhook for each merged pull request and
/// published release, once per delivery.
/// </summary>
/// <remarks>
/// 429 and 5xx answers are retried, honouring <c>Retry-After</c>; any other 4xx fails the job (the URL or the
/// message is wrong, and trying again would not help). Thread-safe: one instance serves all of a worker's jobs.
/// </remarks>
[EventProcessor(ProcessorName, Settings = [SlackSettings.WebhookUrlKey, SlackSettings.TimeoutKey])]
public sealed class SlackNotifierProcessor : IEventProcessor
{
    /// <summary>The processor's name in <c>workers.yaml</c>.</summary>
    public const string ProcessorName = "slack";

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly SlackSettings _settings;

    /// <summary>Creates the processor for one worker.</summary>
    /// <param name="logger">The start-up logger.</param>
    /// <param name="httpClient">An HTTP client with nothing configured on it.</param>
    /// <param name="settings">The worker's settings: <c>webhook_url</c> (required) and <c>timeout</c>.</param>
    /// <param name="timeProvider">The clock for timeouts and <c>Retry-After</c> dates.</param>
    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public SlackNotifierProcessor(ILogger<SlackNotifierProcessor> logger, HttpClient httpClient, ProcessorSettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _settings = SlackSettings.Read(settings);
        SlackLog.Configured(logger, settings.WorkerName, _settings.WebhookUrl.Host);
    }

    /// <inheritdoc />
    public async Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (!SlackMessage.Announces(webhookEvent.Kind))
        {
            return ProcessingResult.Done($"{webhookEvent.Kind} is not announced (only merged pull requests and published releases)");
        }

        // Claim → act → mark: a redelivered job finds the key done and posts nothing.
        var key = "slack:" + webhookEvent.DeliveryId;
        var claim = await context.Idempotency.ClaimAsync(key, "posting to Slack", cancellationToken).ConfigureAwait(false);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.AlreadyDone:
                return ProcessingResult.Done(
                    $"delivery {webhookEvent.DeliveryId} was already posted",
                    [Message(ItemOutcomeKind.Unchanged, "already posted by an earlier attempt")]);
            case IdempotencyClaimStatus.HeldByOther:
                return ProcessingResult.Retry(
                    $"another replica is posting delivery {webhookEvent.DeliveryId}",
                    items: [Message(ItemOutcomeKind.Retrying, "another replica is posting it")]);
            default:
                if (claim.AbandonedNote is not null)
                {
                    // Slack cannot be asked whether a message arrived, so a crash mid-post may show it twice.
                    SlackLog.MayRepeat(context.Logger, webhookEvent.DeliveryId);
                }

                break;
        }

        var result = await PostAsync(SlackMessage.For(webhookEvent), cancellationToken).ConfigureAwait(false);
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

    private async Task<ProcessingResult> PostAsync(string json, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_settings.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _httpClient.PostAsync(_settings.WebhookUrl, content, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return ProcessingResult.Done(
                    $"posted to {_settings.WebhookUrl.Host}", [Message(ItemOutcomeKind.Moved, $"posted to {_settings.WebhookUrl.Host}")]);
            }

            var answer = await ReadStartAsync(response, linked.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
            {
                return Retry($"Slack answered {status}{answer}", RetryAfter.Of(response, _timeProvider));
            }

            var reason = $"Slack answered {status}{answer}; check the worker's {SlackSettings.WebhookUrlKey} (a revoked or mistyped URL answers 403/404).";
            return ProcessingResult.Fail(reason, [Message(ItemOutcomeKind.Failed, reason)]);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Retry($"Slack did not answer within {_settings.Timeout.TotalSeconds:0.###} s", null);
        }
        catch (HttpRequestException exception)
        {
            return Retry($"Slack could not be reached: {exception.Message}", null);
        }
    }

    private static ProcessingResult.RetryResult Retry(string reason, TimeSpan? after) =>
        ProcessingResult.Retry(reason, after, [Message(ItemOutcomeKind.Retrying, reason)]);

    /// <summary>What became of the one item this processor handles per event: its Slack message.</summary>
    private static ItemOutcome Message(ItemOutcomeKind kind, string detail) => new("message", kind, detail);

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int MaxLength = 200;
        var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return body.Length == 0 ? string.Empty : ": " + (body.Length > MaxLength ? body[..MaxLength] + "…" : body);
    }
}
