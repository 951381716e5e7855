using System.Net;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// Posts one request per delivery to a receiver: claim → post → mark done, so a redelivered job finds the delivery
/// done and posts nothing. 2xx is done; 429 and 5xx are retried, honouring <c>Retry-After</c>; a timeout or a failed
/// connection is an outage the host retries with its backoff; any other answer fails the job with <c>fix</c>.
/// </summary>
/// <remarks>
/// Messages name the receiver's host only: a webhook URL's path is often its secret. A receiver that answers 2xx for
/// failures too (Slack's Web API) is read by <c>checkSuccess</c>: <see langword="null"/> means done, else its result.
/// </remarks>
internal sealed class OncePerDeliveryPoster(
    HttpClient httpClient, TimeProvider timeProvider, IRequestLimiter limiter, Uri target, TimeSpan timeout, string claimPrefix, string fix,
    Func<HttpResponseMessage, CancellationToken, Task<ProcessingResult?>>? checkSuccess = null)
{
    private const int MaxAnswerLength = 300;

    /// <summary>Posts the request <paramref name="makeRequest"/> builds, unless this delivery was already posted.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="context">The attempt's context.</param>
    /// <param name="makeRequest">Builds the request (called at most once).</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    public async Task<ProcessingResult> PostAsync(WebhookEvent webhookEvent, ProcessorContext context, Func<HttpRequestMessage> makeRequest, CancellationToken cancellationToken)
    {
        var key = claimPrefix + webhookEvent.DeliveryId;
        var claim = await context.Idempotency.ClaimAsync(key, "posting to " + target.Host, cancellationToken).ConfigureAwait(false);
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

        using var request = makeRequest();
        var result = await SendAsync(webhookEvent, request, cancellationToken).ConfigureAwait(false);

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

    private async Task<ProcessingResult> SendAsync(WebhookEvent webhookEvent, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var host = target.Host;
        try
        {
            using var response = await httpClient.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                if (checkSuccess is not null && await checkSuccess(response, linked.Token).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }

                return ProcessingResult.Done($"posted {webhookEvent.Kind} to {host}: {(int)response.StatusCode}");
            }

            var status = (int)response.StatusCode;
            var answer = await AnswerAsync(response, linked.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.TooManyRequests
                ? ProcessingResult.Throttled($"{host} answered {status}{answer}", RetryAfter.Of(response, timeProvider))
                : status >= 500
                ? ProcessingResult.Unavailable($"{host} answered {status}{answer}", RetryAfter.Of(response, timeProvider))
                : ProcessingResult.Fail($"{host} answered {status}{answer}; {fix}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProcessingResult.Unavailable($"{host} did not answer within {timeout.TotalSeconds:0.###} s (setting 'timeout')");
        }
        catch (HttpRequestException exception)
        {
            return ProcessingResult.Unavailable($"{host} could not be reached: {exception.Message}");
        }
    }

    private static async Task<string> AnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return text.Length == 0 ? string.Empty : ": " + (text.Length > MaxAnswerLength ? text[..MaxAnswerLength] + "…" : text);
    }
}
