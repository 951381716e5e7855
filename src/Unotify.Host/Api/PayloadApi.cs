using Unotify.Core.History;
using Unotify.Core.Registry;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Host.Logging;
using Unotify.Host.Reloading;
using Unotify.Host.Webhooks;
using Unotify.Sdk;

namespace Unotify.Host.Api;

/// <summary>
/// <c>POST /conduit/webhooks/{provider}/{repoId}/payload</c>: look the hook up, read the body once, verify, parse, then
/// de-duplicate and queue in one Redis round trip. Nothing unverified is stored; Redis down is 503, never a 2xx.
/// </summary>
internal static partial class PayloadApi
{
    private const string NoDeliveryId = "(none)";

    /// <summary>The largest body accepted: 25 MB, GitHub's own limit.</summary>
    public const int MaxBodyBytes = 25 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPayloadApi(this IEndpointRouteBuilder routes)
    {
        // Resolved once here, not per request: the route then never opens a container scope (measured in bench/README.md).
        var services = routes.ServiceProvider;
        var door = new Door(
            services.GetRequiredService<LiveConfiguration>(),
            services.GetRequiredService<IHookRegistry>(),
            services.GetRequiredService<BodyBudget>(),
            services.GetRequiredService<RedisDeliveryHistory>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Unotify.Webhooks"));
        routes.MapPost(
                "/conduit/webhooks/{provider}/{repoId}/payload",
                (HttpContext context, string provider, string repoId, CancellationToken cancellationToken) => ReceiveAsync(context, provider, repoId, door, cancellationToken))
            .WithTags("Webhooks");
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, string provider, string repoId, Door door, CancellationToken cancellationToken)
    {
        var request = context.Request;

        // One configuration generation serves the whole request, even when a reload swaps it meanwhile.
        var generation = door.Live.Current;

        // Where the delivery is for: a known provider and a repository id that can be a hook's.
        if (!generation.Plugins.Providers.TryGetValue(provider, out var webhookProvider))
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.UnknownProvider, $"No plugin provides the provider '{provider}'.");
        }

        // The provider names its own delivery id, so that every line logged about the delivery carries it; it is not
        // trusted for anything else.
        var headers = new WebhookHeaders(request.Headers.Select(header => new KeyValuePair<string, string>(header.Key, header.Value.ToString())));
        var deliveryId = webhookProvider.FindDeliveryId(headers) is { } found && EventIdentifiers.Problem(found) is null ? found : NoDeliveryId;
        using var scope = door.Logger.BeginScope(new DeliveryScope(deliveryId, provider, repoId));
        if (HookNames.Problem(repoId, "The repository id in the URL") is { } badRepoId)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, badRepoId);
        }

        // Size and content type, from the headers alone.
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var mediaType = MediaTypes.Of(request.ContentType);
        if (mediaType is null || !MediaTypes.Accepts(webhookProvider.MediaTypes, mediaType))
        {
            LogUnsupportedMediaType(door.Logger, mediaType ?? "(none)");
            await RecordIfKnownAsync(door, webhookProvider.Name, repoId, deliveryId, $"content type '{mediaType ?? "(none)"}' is not one the {webhookProvider.Name} provider accepts", cancellationToken);
            return ApiResults.Error(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                $"The content type '{mediaType ?? "(none)"}' is not accepted by the {webhookProvider.Name} provider; send one of: {string.Join(", ", webhookProvider.MediaTypes)}.");
        }

        // The hook: no body is read for a repository nobody registered.
        HookWithSecret? hook;
        try
        {
            hook = await door.Registry.GetForVerificationAsync(webhookProvider.Name, repoId, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The store's outage log reports this, once, not once per delivery.
            return ApiResults.StoreUnavailable(context);
        }

        if (hook is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.HookNotFound, $"No {provider} hook is registered for repo '{repoId}'.");
        }

        var record = new DoorRecord(door, webhookProvider.Name, repoId, deliveryId);

        // The body, read once into memory reserved from the budget before each buffer is taken.
        PooledBody? body;
        PooledBody.Outcome outcome;
        try
        {
            (body, outcome) = await PooledBody.ReadAsync(request.Body, request.ContentLength, MaxBodyBytes, door.Budget.Open(webhookProvider.Name + ":" + repoId), cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                record.Rejected($"larger than {MaxBodyBytes / (1024 * 1024)} MB");
                return TooLarge();
            }

            return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedPayload, "The body could not be read completely.");
        }
        catch (IOException)
        {
            // The client went away mid-body (a reset connection); nobody reads the answer.
            return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedPayload, "The body could not be read completely.");
        }

        switch (outcome)
        {
            case PooledBody.Outcome.TooLarge:
                record.Rejected($"larger than {MaxBodyBytes / (1024 * 1024)} MB");
                return TooLarge();
            case PooledBody.Outcome.OverBudget:
                if (door.OverBudget.Occur() is var refused and > 0)
                {
                    LogOverBudget(door.Logger, refused, door.Budget.InFlight / (1024 * 1024), door.Budget.TotalBytes / (1024 * 1024));
                }

                context.Response.Headers.RetryAfter = "5";
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, ErrorCodes.BodyMemoryFull, "Too many request bodies are being read at once; nothing of this one was read or stored. Try again in a few seconds.");
        }

        using (body)
        {
            var webhookRequest = new WebhookRequest
            {
                Provider = webhookProvider.Name,
                RepoId = repoId,
                RepoPath = hook.Hook.RepoPath,
                Headers = headers,
                Body = body!.Memory,
                ContentType = mediaType,
                ReceivedAt = door.Time.GetUtcNow(),
            };

            // Verify, then parse: a provider never reads an unverified body. A provider that throws has a bug, which
            // is logged here with the delivery and answered 500; input problems are results.
            WebhookParseResult parsed;
            try
            {
                var verification = webhookProvider.Verify(webhookRequest, hook.Secret);
                if (verification != SignatureVerification.Valid)
                {
                    LogRejectedSignature(door.Logger, verification);
                    record.Rejected(verification switch
                    {
                        SignatureVerification.MissingSignature => "no signature",
                        SignatureVerification.MalformedSignature => "malformed signature",
                        _ => "bad signature",
                    });
                    return SignatureFailure(verification);
                }

                parsed = webhookProvider.Parse(webhookRequest);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                // Running out of memory is the host's size, not the plugin's bug: the error boundary answers it.
                LogProviderFailed(door.Logger, webhookProvider.Name, exception);
                return ApiResults.Error(StatusCodes.Status500InternalServerError, ErrorCodes.ProviderFailed, $"The {webhookProvider.Name} provider failed on this delivery (a bug in its plugin); the host's log has the details. Nothing was stored.");
            }

            switch (parsed)
            {
                case WebhookParseResult.Rejected rejected:
                    LogMalformed(door.Logger, rejected.Error);
                    record.Rejected("malformed body: " + rejected.Error);
                    return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedPayload, rejected.Error);
                case WebhookParseResult.Ignored ignored:
                    LogIgnored(door.Logger, ignored.Reason);
                    record.Record(DoorOutcome.Ignored, null, ignored.Reason, []);
                    return ApiResults.Ok(new PayloadAccepted(null, false, ignored.Reason, []));
                case WebhookParseResult.Accepted accepted when Unstorable(accepted.Event) is { } unstorable:
                    LogMalformed(door.Logger, unstorable);
                    record.Rejected("malformed body: " + unstorable);
                    return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.MalformedPayload, unstorable);
                case WebhookParseResult.Accepted accepted:
                    return await RouteAsync(context, generation.Router, accepted.Event, door.Logger, record with { DeliveryId = accepted.Event.DeliveryId }, cancellationToken);
                default:
                    LogProviderFailed(door.Logger, webhookProvider.Name, new InvalidOperationException($"Parse returned {parsed.GetType().Name}, which the host does not know."));
                    return ApiResults.Error(StatusCodes.Status500InternalServerError, ErrorCodes.ProviderFailed, $"The {webhookProvider.Name} provider returned a result the host does not know (a bug in its plugin). Nothing was stored.");
            }
        }
    }

    /// <summary>
    /// Records a rejection made before the hook was looked up (the content type), when the hook exists: deliveries to
    /// unknown hooks are not stored, so that nobody can fill the store by posting to made-up repositories.
    /// </summary>
    private static async Task RecordIfKnownAsync(Door door, string provider, string repoId, string deliveryId, string reason, CancellationToken cancellationToken)
    {
        if (deliveryId == NoDeliveryId || HookNames.Problem(repoId, "repo") is not null)
        {
            return;
        }

        try
        {
            if (await door.Registry.GetForVerificationAsync(provider, repoId, cancellationToken) is not null)
            {
                new DoorRecord(door, provider, repoId, deliveryId).Rejected(reason);
            }
        }
        catch (StoreUnavailableException)
        {
            // The answer is 415 either way; history is best effort.
        }
    }

    /// <summary>Why an event's identifying fields cannot be stored, for a provider that did not check them itself.</summary>
    private static string? Unstorable(WebhookEvent webhookEvent) =>
        EventIdentifiers.Problem(webhookEvent.DeliveryId) is { } delivery ? $"The delivery id {delivery}."
        : EventIdentifiers.Problem(webhookEvent.Kind) is { } kind ? $"The event kind {kind}."
        : null;

    private static async Task<IResult> RouteAsync(HttpContext context, IEventRouter router, WebhookEvent webhookEvent, ILogger logger, DoorRecord record, CancellationToken cancellationToken)
    {
        RouteOutcome outcome;
        try
        {
            outcome = await router.RouteAsync(webhookEvent, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ApiResults.StoreUnavailable(context);
        }
        catch (InvalidDataException exception)
        {
            // Data in the store the route needs and cannot read (a worker's partitions record): nothing was queued; the
            // sender retries while the operator mends what the log names.
            LogStoreDataUnreadable(logger, webhookEvent.DeliveryId, exception.Message);
            context.Response.Headers.RetryAfter = "30";
            return ApiResults.Error(
                StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.StoreUnavailable,
                "The store holds data Unotify cannot read (the host's log says which and how to mend it); nothing was stored. Try again later.");
        }
        catch (StoredJobTooLargeException exception)
        {
            LogJobTooLarge(logger, exception.Message);
            record.Rejected("too large for the store: " + exception.Message);
            return ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, exception.Message);
        }

        record.Record(outcome.IsDuplicate ? DoorOutcome.Duplicate : DoorOutcome.Queued, webhookEvent.Kind, null, outcome.Workers);
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

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Could not queue delivery {DeliveryId}, answered 503: {Reason}")]
    private static partial void LogStoreDataUnreadable(ILogger logger, string deliveryId, string reason);

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

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Refused {Count} delivery body(ies) over the body memory budget ({InFlightMb} MB of {BudgetMb} MB in flight): answered 503 without reading them")]
    private static partial void LogOverBudget(ILogger logger, long count, long inFlightMb, long budgetMb);

    [LoggerMessage(EventId = 130, Level = LogLevel.Error, Message = "The {Provider} provider threw on a delivery (a bug in its plugin); answered 500")]
    private static partial void LogProviderFailed(ILogger logger, string provider, Exception exception);

    /// <summary>What the route needs, resolved once at start-up.</summary>
    private sealed record Door(LiveConfiguration Live, IHookRegistry Registry, BodyBudget Budget, RedisDeliveryHistory History, TimeProvider Time, ILogger Logger)
    {
        public RepeatCounter OverBudget { get; } = new(TimeSpan.FromSeconds(10), Time);
    }

    /// <summary>What the door did with a delivery to a known hook, for the history (started, not awaited: it never holds up the answer).</summary>
    private readonly record struct DoorRecord(Door Door, string Provider, string RepoId, string DeliveryId)
    {
        public void Rejected(string reason) => Record(DoorOutcome.Rejected, null, reason, []);

        public void Record(string outcome, string? kind, string? reason, IReadOnlyList<string> workers)
        {
            // A delivery without a usable id cannot be found again; it is counted in metrics, not stored.
            if (DeliveryId != NoDeliveryId)
            {
                _ = Door.History.RecordDoorAsync(Provider, RepoId, DeliveryId, kind, Door.Time.GetUtcNow(), outcome, reason, workers);
            }
        }
    }
}
