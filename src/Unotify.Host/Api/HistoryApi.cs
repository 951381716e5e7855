using Unotify.Core.History;
using Unotify.Core.Registry;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Reloading;
using Unotify.Host.Security;
using Unotify.Sdk;

namespace Unotify.Host.Api;

/// <summary>
/// The delivery history's admin routes: the list (newest first, filtered, paged with a cursor), one delivery with every
/// attempt and item, and "explain": every delivery whose attempts named a ticket.
/// </summary>
internal static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var deliveries = routes.MapGroup("/conduit/deliveries").AddEndpointFilter<AdminTokenFilter>().WithTags("History");
        deliveries.MapGet("/", ListAsync)
            .ProducesAdminErrors()
            .WithSummary("The delivery history, newest first, filtered and paged with a cursor.")
            .Produces<SuccessEnvelope<DeliveryPage>>();
        deliveries.MapGet("/{deliveryId}", ShowAsync)
            .ProducesAdminErrors()
            .WithSummary("One delivery (one per repository that sent the id): the door's outcome, its workers, every attempt with its items.")
            .Produces<SuccessEnvelope<IReadOnlyList<DeliveryRecord>>>().Produces<ErrorEnvelope>(StatusCodes.Status404NotFound);
        deliveries.MapPost("/{deliveryId}/replay", ReplayAsync)
            .ProducesAdminErrors()
            .WithSummary("Queue the delivery again for the workers that take it today; what was done for it is not done again.")
            .Produces<SuccessEnvelope<ReplayAnswer>>().Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict).Produces<ErrorEnvelope>(StatusCodes.Status410Gone);
        deliveries.MapPost("/{deliveryId}/simulate", SimulateAsync)
            .ProducesAdminErrors()
            .WithSummary("What each worker that takes the delivery would do with it now, changing nothing.")
            .Produces<SuccessEnvelope<SimulationAnswer>>().Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict).Produces<ErrorEnvelope>(StatusCodes.Status410Gone);
        routes.MapGroup("/conduit/tickets").AddEndpointFilter<AdminTokenFilter>().WithTags("History")
            .MapGet("/{key}", ExplainAsync)
            .WithSummary("Explain a ticket: every delivery that named it, where, and what each attempt did with it.")
            .ProducesAdminErrors()
            .Produces<SuccessEnvelope<TicketStory>>();
        return routes;
    }

    /// <summary>The errors every history route may answer: a bad value, no or a wrong token, the store down.</summary>
    private static RouteHandlerBuilder ProducesAdminErrors(this RouteHandlerBuilder route) => route
        .Produces<ErrorEnvelope>(StatusCodes.Status400BadRequest)
        .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
        .Produces<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ListAsync(
        HttpContext context, RedisDeliveryHistory history, string? provider, string? repo_id, string? worker, string? outcome, string? since, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
        {
            return Invalid($"limit is {limit}; ask for 1 to 500 deliveries (default 50).");
        }

        var (filter, after, problem) = HistoryQuery.Parse(provider, repo_id, worker, outcome, since, cursor, TimeProvider.System.GetUtcNow());
        if (problem is not null)
        {
            return Invalid(problem);
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var (found, next) = await history.ListAsync(filter!, after, limit ?? 50, cancellationToken);
            return ApiResults.Ok(new DeliveryPage(found, next?.ToString()));
        });
    }

    private static async Task<IResult> ShowAsync(HttpContext context, RedisDeliveryHistory history, string deliveryId, CancellationToken cancellationToken)
    {
        if (EventIdentifiers.Problem(deliveryId) is { } problem)
        {
            return Invalid($"The delivery id {problem}.");
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var found = await history.FindAsync(deliveryId, cancellationToken);
            return found.Count == 0
                ? ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.DeliveryNotFound, $"No delivery '{deliveryId}' to a registered hook is in the history (it keeps {history.Options.DescribeRetention()}).")
                : ApiResults.Ok(found);
        });
    }

    private static async Task<IResult> ReplayAsync(
        HttpContext context, RedisDeliveryHistory history, LiveConfiguration live, string deliveryId, string? provider, string? repo_id, CancellationToken cancellationToken)
    {
        if (EventIdentifiers.Problem(deliveryId) is { } problem)
        {
            return Invalid($"The delivery id {problem}.");
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var (kept, status, code, message) = await KeptEventAsync(history, deliveryId, provider, repo_id, cancellationToken);
            if (kept is null)
            {
                return ApiResults.Error(status, code, message);
            }

            var jobs = await QueueAgainAsync(history, live, kept, cancellationToken);
            return ApiResults.Ok(new ReplayAnswer(deliveryId, [.. jobs.Select(job => job.Worker)], ReplayMessage(jobs)));
        });
    }

    private static async Task<IResult> SimulateAsync(
        HttpContext context, RedisDeliveryHistory history, LiveConfiguration live, string deliveryId, string? provider, string? repo_id, CancellationToken cancellationToken)
    {
        var workers = live.Current.Workers;
        if (EventIdentifiers.Problem(deliveryId) is { } problem)
        {
            return Invalid($"The delivery id {problem}.");
        }

        if (workers.Any(worker => worker.Processor is null))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.InvalidRequest,
                "This process only receives (unotify serve): simulate a delivery on a process that runs the workers (unotify all).");
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var (kept, status, code, message) = await KeptEventAsync(history, deliveryId, provider, repo_id, cancellationToken);
            if (kept is null)
            {
                return ApiResults.Error(status, code, message);
            }

            var outcomes = await WorkerSimulation.RunAsync(workers, kept, cancellationToken);
            return ApiResults.Ok(new SimulationAnswer(deliveryId, outcomes));
        });
    }

    /// <summary>The kept event of a delivery, or why there is none (404, 409, 410, with the error code and the message).</summary>
    internal static async Task<(WebhookEvent? Event, int Status, string ErrorCode, string Message)> KeptEventAsync(
        RedisDeliveryHistory history, string deliveryId, string? provider, string? repoId, CancellationToken cancellationToken)
    {
        var found = (await history.FindAsync(deliveryId, cancellationToken))
            .Where(record => (provider is null || string.Equals(record.Provider, provider, StringComparison.OrdinalIgnoreCase))
                && (repoId is null || string.Equals(record.RepoId, repoId, StringComparison.Ordinal)))
            .ToList();
        if (found.Count == 0)
        {
            return (null, StatusCodes.Status404NotFound, ErrorCodes.DeliveryNotFound, $"No delivery '{deliveryId}' to a registered hook is in the history.");
        }

        if (found.Count > 1)
        {
            return (null, StatusCodes.Status409Conflict, ErrorCodes.InvalidRequest,
                $"Deliveries with the id '{deliveryId}' came for {string.Join(" and ", found.Select(record => $"{record.Provider}/{record.RepoId}"))}; add ?provider=&repo_id= to say which.");
        }

        var delivery = found[0];
        WebhookEvent? kept;
        try
        {
            kept = await history.KeptEventAsync(delivery.Provider, delivery.RepoId, delivery.DeliveryId, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            return (null, StatusCodes.Status410Gone, ErrorCodes.PayloadGone, $"The kept payload of delivery '{deliveryId}' cannot be read ({exception.Message}); ask the sender to redeliver it.");
        }

        return kept is not null
            ? (kept, StatusCodes.Status200OK, string.Empty, string.Empty)
            : (null, StatusCodes.Status410Gone, ErrorCodes.PayloadGone,
                delivery.Outcome != DoorOutcome.Queued
                    ? $"Delivery '{deliveryId}' was {delivery.Outcome} at the door; there is nothing to replay or simulate. Ask the sender to redeliver it."
                    : $"The payload of delivery '{deliveryId}' is no longer kept (it is kept {history.Options.DescribePayloadRetention()} after its jobs end, and not while one is still queued: its dead letters replay at /conduit/workers/{{worker}}/dead). Ask the sender to redeliver it.");
    }

    /// <summary>Queues <paramref name="kept"/> again for the workers that take it now and records a replay for each.</summary>
    internal static async Task<IReadOnlyList<ReplayedJob>> QueueAgainAsync(RedisDeliveryHistory history, LiveConfiguration live, WebhookEvent kept, CancellationToken cancellationToken)
    {
        var jobs = await live.Current.Router.ReplayAsync(kept, cancellationToken);
        var at = TimeProvider.System.GetUtcNow();
        foreach (var job in jobs)
        {
            _ = history.RecordReplayAsync(kept, job, at);
        }

        return jobs;
    }

    /// <summary>What a replay did, said for the user.</summary>
    internal static string ReplayMessage(IReadOnlyList<ReplayedJob> jobs) =>
        jobs.Count == 0
            ? "No worker takes this event under today's workers.yaml; nothing was queued."
            : $"Queued again under today's workers.yaml. What was already done for this delivery (a ticket moved) is not done again: each ticket's mark lasts {DurationText.Format(RedisIdempotencyStore.Retention)}.";

    private static async Task<IResult> ExplainAsync(HttpContext context, RedisDeliveryHistory history, LiveConfiguration live, string key, CancellationToken cancellationToken)
    {
        var workers = live.Current.Workers;
        if (!RedisDeliveryHistory.IsTicketKey(key))
        {
            return Invalid($"'{key}' is not a ticket key; write it as PROJECT-123.");
        }

        var ticket = key.ToUpperInvariant();
        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var deliveries = await history.ForTicketAsync(ticket, cancellationToken);
            return ApiResults.Ok(TicketStory.Of(ticket, deliveries, workers.SelectMany(worker => worker.StateMachines.Projects), history.Options));
        });
    }

    private static EnvelopeResult<ErrorEnvelope> Invalid(string message) => ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, message);

    /// <summary>What each worker that takes the delivery would do with it now.</summary>
    private sealed record SimulationAnswer(string DeliveryId, IReadOnlyList<WorkerSimulation> Workers);

    /// <summary>What a replay did.</summary>
    private sealed record ReplayAnswer(string DeliveryId, IReadOnlyList<string> QueuedFor, string Note);

    /// <summary>A page of the history and the cursor of the next (absent at the end).</summary>
    private sealed record DeliveryPage(IReadOnlyList<DeliveryRecord> Deliveries, string? NextCursor);
}
