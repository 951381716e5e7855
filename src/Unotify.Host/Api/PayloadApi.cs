using Unotify.Core.Registry;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Host.Plugins;
using Unotify.Host.Webhooks;
using Unotify.Sdk;

namespace Unotify.Host.Api;

/// <summary>
/// <c>POST /conduit/webhooks/{provider}/{repoId}/payload</c>: look the hook up, read the body once, verify, parse, then
/// de-duplicate and queue in one Redis round trip. Nothing unverified is stored; Redis down is 503, never a 2xx.
/// </summary>
internal static partial class PayloadApi
{
    /// <summary>The largest body accepted: 25 MB, GitHub's own limit.</summary>
    public const int MaxBodyBytes = 25 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPayloadApi(this IEndpointRouteBuilder routes)
    {
        // Resolved once here, not per request: the route then never opens a container scope (measured in bench/README.md).
        var services = routes.ServiceProvider;
        var plugins = services.GetRequiredService<PluginRuntime>();
        var registry = services.GetRequiredService<IHookRegistry>();
        var router = services.GetRequiredService<IEventRouter>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Unotify.Webhooks");
        routes.MapPost(
                "/conduit/webhooks/{provider}/{repoId}/payload",
                (HttpContext context, string provider, string repoId, CancellationToken cancellationToken) =>
                    ReceiveAsync(context, provider, repoId, plugins, registry, router, time, logger, cancellationToken))
            .WithTags("Webhooks");
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, string provider, string repoId, PluginRuntime plugins, IHookRegistry registry, IEventRouter router,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new DeliveryScope(DeliveryIdHeaders.Find(context.Request.Headers), provider, repoId));
        var request = context.Request;
        if (!plugins.Providers.TryGetValue(provider, out var webhookProvider))
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.UnknownProvider, $"No plugin provides the provider '{provider}'.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (PayloadContentTypes.Accepted(request.ContentType, out var mediaType) is null)
        {
            LogUnsupportedMediaType(logger, mediaType ?? "(none)");
            return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, $"The content type '{mediaType ?? "(none)"}' is not accepted; send application/json (or a */*+json type) or application/x-www-form-urlencoded.");
        }

        HookWithSecret? hook;
        try
        {
            hook = await registry.GetForVerificationAsync(webhookProvider.Name, repoId, cancellationToken);
        }
        catch (StoreUnavailableException exception)
        {
            LogStoreUnavailable(logger, exception);
            return ApiResults.StoreUnavailable(context);
        }
        catch (ArgumentException)
        {
            hook = null;
        }

        if (hook is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.HookNotFound, $"No {provider} hook is registered for repo '{repoId}'.");
        }

        PooledBody? body;
        try
        {
            body = await PooledBody.ReadAsync(request.Body, request.ContentLength, MaxBodyBytes, cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            return exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedPayload, "The body could not be read completely.");
        }

        if (body is null)
        {
            return TooLarge();
        }

        using (body)
        {
            var webhookRequest = new WebhookRequest
            {
                Provider = webhookProvider.Name,
                RepoId = repoId,
                RepoPath = hook.Hook.RepoPath,
                Headers = new WebhookHeaders(request.Headers.Select(header => new KeyValuePair<string, string>(header.Key, header.Value.ToString()))),
                Body = body.Memory,
                ContentType = mediaType,
                ReceivedAt = time.GetUtcNow(),
            };

            var verification = webhookProvider.Verify(webhookRequest, hook.Secret);
            if (verification != SignatureVerification.Valid)
            {
                LogRejectedSignature(logger, verification);
                return SignatureFailure(verification);
            }

            switch (webhookProvider.Parse(webhookRequest))
            {
                case WebhookParseResult.Rejected rejected:
                    LogMalformed(logger, rejected.Error);
                    return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedPayload, rejected.Error);
                case WebhookParseResult.Ignored ignored:
                    LogIgnored(logger, ignored.Reason);
                    return ApiResults.Ok(new PayloadAccepted(null, false, ignored.Reason, []));
                case WebhookParseResult.Accepted accepted:
                    return await RouteAsync(context, router, accepted.Event, logger, cancellationToken);
                default:
                    throw new InvalidOperationException($"The provider '{webhookProvider.Name}' returned an unknown parse result.");
            }
        }
    }

    private static async Task<IResult> RouteAsync(HttpContext context, IEventRouter router, WebhookEvent webhookEvent, ILogger logger, CancellationToken cancellationToken)
    {
        RouteOutcome outcome;
        try
        {
            outcome = await router.RouteAsync(webhookEvent, cancellationToken);
        }
        catch (StoreUnavailableException exception)
        {
            LogStoreUnavailable(logger, exception);
            return ApiResults.StoreUnavailable(context);
        }
        catch (StoredJobTooLargeException exception)
        {
            LogJobTooLarge(logger, exception.Message);
            return ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, exception.Message);
        }

        if (outcome.IsDuplicate)
        {
            LogDuplicate(logger, webhookEvent.Kind, webhookEvent.DeliveryId);
            return ApiResults.Ok(new PayloadAccepted(webhookEvent.DeliveryId, true, null, []));
        }

        LogAccepted(logger, webhookEvent.Kind, webhookEvent.DeliveryId, outcome.Workers.Count);
        return ApiResults.Ok(new PayloadAccepted(webhookEvent.DeliveryId, false, null, outcome.Workers), StatusCodes.Status202Accepted);
    }

    private static IResult TooLarge() =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes / (1024 * 1024)} MB.");

    private static IResult SignatureFailure(SignatureVerification verification) => verification switch
    {
        SignatureVerification.MissingSignature => ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.SignatureMissing, "The delivery carries no signature; configure the hook's secret at the sender."),
        SignatureVerification.MalformedSignature => ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.SignatureMalformed, "The signature header is not in the provider's format."),
        _ => ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.SignatureMismatch, "The signature does not match the body; check that the sender uses the hook's current secret."),
    };

    // Debug, not Information: a line per accepted delivery cost more CPU than the rest of the route's own work
    // (bench/README.md); rejections, which someone must act on, stay at Warning.
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Queued {Kind} {QueuedDeliveryId} for {WorkerCount} worker(s)")]
    private static partial void LogAccepted(ILogger logger, string kind, string queuedDeliveryId, int workerCount);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Duplicate delivery of {Kind} {QueuedDeliveryId}; nothing queued")]
    private static partial void LogDuplicate(ILogger logger, string kind, string queuedDeliveryId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Delivery needs no processing: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Rejected a delivery: {Verification}")]
    private static partial void LogRejectedSignature(ILogger logger, SignatureVerification verification);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Rejected a malformed delivery: {Error}")]
    private static partial void LogMalformed(ILogger logger, string error);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Rejected a delivery with content type {MediaType}")]
    private static partial void LogUnsupportedMediaType(ILogger logger, string mediaType);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Rejected a delivery too large for the store: {Error}")]
    private static partial void LogJobTooLarge(ILogger logger, string error);

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "The store is unavailable; answered 503")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
