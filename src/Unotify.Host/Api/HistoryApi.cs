using System.Globalization;
using Unotify.Core.History;
using Unotify.Core.Registry;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Security;
using Unotify.Sdk;

namespace Unotify.Host.Api;

/// <summary>
/// The delivery history's admin routes: the list (newest first, filtered, paged with a cursor), one delivery with every
/// attempt and item, and "explain": every delivery whose attempts named a ticket.
/// </summary>
internal static class HistoryApi
{
    private static readonly string[] Outcomes = [DoorOutcome.Queued, DoorOutcome.Duplicate, DoorOutcome.Ignored, DoorOutcome.Rejected, "done", "retry", "fail", "dead_lettered", "held", "released"];

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var deliveries = routes.MapGroup("/conduit/deliveries").AddEndpointFilter<AdminTokenFilter>().WithTags("History");
        deliveries.MapGet("/", ListAsync);
        deliveries.MapGet("/{deliveryId}", ShowAsync);
        deliveries.MapPost("/{deliveryId}/replay", ReplayAsync);
        deliveries.MapPost("/{deliveryId}/simulate", SimulateAsync);
        routes.MapGroup("/conduit/tickets").AddEndpointFilter<AdminTokenFilter>().WithTags("History").MapGet("/{key}", ExplainAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, RedisDeliveryHistory history, string? provider, string? repo_id, string? worker, string? outcome, string? since, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        if (provider is not null && HookNames.Problem(provider, "The provider") is { } badProvider)
        {
            return Invalid(badProvider);
        }

        if (repo_id is not null && HookNames.Problem(repo_id, "The repo_id") is { } badRepo)
        {
            return Invalid(badRepo);
        }

        if (outcome is not null && !Outcomes.Contains(outcome, StringComparer.OrdinalIgnoreCase))
        {
            return Invalid($"The outcome '{outcome}' is not one of: {string.Join(", ", Outcomes)}.");
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                from = at;
            }
            else if (DurationText.TryParse(since, out var ago) && ago > TimeSpan.Zero)
            {
                from = TimeProvider.System.GetUtcNow() - ago;
            }
            else
            {
                return Invalid($"since '{since}' is neither a time (2026-12-06T10:00:00Z) nor a duration back from now (2h, 7d).");
            }
        }

        if (limit is < 1 or > 500)
        {
            return Invalid($"limit is {limit}; ask for 1 to 500 deliveries (default 50).");
        }

        HistoryCursor? after = null;
        if (cursor is not null && !HistoryCursor.TryParse(cursor, out after))
        {
            return Invalid("The cursor is not one this server gave out; start again without it.");
        }

        var filter = new HistoryFilter { Provider = provider, RepoId = repo_id, Worker = worker, Outcome = outcome?.ToLowerInvariant(), Since = from };
        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var (found, next) = await history.ListAsync(filter, after, limit ?? 50, cancellationToken);
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
                ? ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.DeliveryNotFound, $"No delivery '{deliveryId}' to a registered hook is in the history (it keeps {Describe(history.Options.Retention)}).")
                : ApiResults.Ok(found);
        });
    }

    private static async Task<IResult> ReplayAsync(
        HttpContext context, RedisDeliveryHistory history, RedisEventRouter router, string deliveryId, string? provider, string? repo_id, CancellationToken cancellationToken)
    {
        if (EventIdentifiers.Problem(deliveryId) is { } problem)
        {
            return Invalid($"The delivery id {problem}.");
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var (kept, refusal) = await KeptEventAsync(history, deliveryId, provider, repo_id, cancellationToken);
            if (kept is null)
            {
                return refusal!;
            }

            var workers = await router.ReplayAsync(kept, cancellationToken);
            return ApiResults.Ok(new ReplayAnswer(
                deliveryId,
                workers,
                workers.Count == 0
                    ? "No worker takes this event under today's workers.yaml; nothing was queued."
                    : $"Queued again under today's workers.yaml. What was already done for this delivery (a ticket moved) is not done again: each ticket's mark lasts {DurationText.Format(RedisIdempotencyStore.Retention)}."));
        });
    }

    private static async Task<IResult> SimulateAsync(
        HttpContext context, RedisDeliveryHistory history, IReadOnlyList<Worker> workers, string deliveryId, string? provider, string? repo_id, CancellationToken cancellationToken)
    {
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
            var (kept, refusal) = await KeptEventAsync(history, deliveryId, provider, repo_id, cancellationToken);
            if (kept is null)
            {
                return refusal!;
            }

            var outcomes = new List<SimulatedWorker>();
            foreach (var worker in workers.Where(worker => worker.Takes(kept)))
            {
                if (!worker.CanSimulate)
                {
                    outcomes.Add(new SimulatedWorker(worker.Name, "cannot_simulate", $"the {worker.Definition.Processor} processor does not declare that it can simulate, so it was not asked", []));
                    continue;
                }

                var result = await worker.SimulateAsync(kept, cancellationToken);
                outcomes.Add(SimulatedWorker.Of(worker.Name, result));
            }

            return ApiResults.Ok(new SimulationAnswer(deliveryId, outcomes));
        });
    }

    /// <summary>The kept event of a delivery, or the answer that says why there is none (404, 409, 410).</summary>
    private static async Task<(WebhookEvent? Event, IResult? Refusal)> KeptEventAsync(
        RedisDeliveryHistory history, string deliveryId, string? provider, string? repoId, CancellationToken cancellationToken)
    {
        var found = (await history.FindAsync(deliveryId, cancellationToken))
            .Where(record => (provider is null || string.Equals(record.Provider, provider, StringComparison.OrdinalIgnoreCase))
                && (repoId is null || string.Equals(record.RepoId, repoId, StringComparison.Ordinal)))
            .ToList();
        if (found.Count == 0)
        {
            return (null, ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.DeliveryNotFound, $"No delivery '{deliveryId}' to a registered hook is in the history."));
        }

        if (found.Count > 1)
        {
            return (null, ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.InvalidRequest,
                $"Deliveries with the id '{deliveryId}' came for {string.Join(" and ", found.Select(record => $"{record.Provider}/{record.RepoId}"))}; add ?provider=&repo_id= to say which."));
        }

        var delivery = found[0];
        WebhookEvent? kept;
        try
        {
            kept = await history.KeptEventAsync(delivery.Provider, delivery.RepoId, delivery.DeliveryId, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            return (null, ApiResults.Error(StatusCodes.Status410Gone, ErrorCodes.PayloadGone, $"The kept payload of delivery '{deliveryId}' cannot be read ({exception.Message}); ask the sender to redeliver it."));
        }

        return kept is not null
            ? (kept, null)
            : (null, ApiResults.Error(StatusCodes.Status410Gone, ErrorCodes.PayloadGone,
                delivery.Outcome != DoorOutcome.Queued
                    ? $"Delivery '{deliveryId}' was {delivery.Outcome} at the door; there is nothing to replay or simulate. Ask the sender to redeliver it."
                    : $"The payload of delivery '{deliveryId}' is no longer kept (it is kept {Describe(history.Options.PayloadRetention, "UNOTIFY_HISTORY_PAYLOAD_RETENTION")} after its jobs end, and not while one is still queued: its dead letters replay at /conduit/workers/{{worker}}/dead). Ask the sender to redeliver it."));
    }

    private static async Task<IResult> ExplainAsync(HttpContext context, RedisDeliveryHistory history, IReadOnlyList<Worker> workers, string key, CancellationToken cancellationToken)
    {
        if (!RedisDeliveryHistory.IsTicketKey(key))
        {
            return Invalid($"'{key}' is not a ticket key; write it as PROJECT-123.");
        }

        var ticket = key.ToUpperInvariant();
        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var deliveries = await history.ForTicketAsync(ticket, cancellationToken);
            var steps = deliveries.Select(delivery => TicketStep.Of(delivery, ticket)).ToList();
            string? hint = null;
            if (steps.Count == 0)
            {
                var projects = workers.SelectMany(worker => worker.StateMachines.Projects).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var project = ticket[..ticket.IndexOf('-', StringComparison.Ordinal)];
                hint = projects.Contains(project, StringComparer.Ordinal)
                    ? $"No delivery in the history (it keeps {Describe(history.Options.Retention)}) named {ticket}. Check that the pull request, push or release names it and that its hook is registered."
                    : $"No worker handles the project {project}; the workers handle: {(projects.Count == 0 ? "none" : string.Join(", ", projects))}.";
            }

            return ApiResults.Ok(new TicketStory(ticket, steps, hint));
        });
    }

    private static EnvelopeResult<ErrorEnvelope> Invalid(string message) => ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, message);

    private static string Describe(TimeSpan retention, string setting = "UNOTIFY_HISTORY_RETENTION") =>
        retention > TimeSpan.Zero ? DurationText.Format(retention) : $"nothing: {setting} is 0";

    /// <summary>What each worker that takes the delivery would do with it now.</summary>
    private sealed record SimulationAnswer(string DeliveryId, IReadOnlyList<SimulatedWorker> Workers);

    /// <summary>One worker's simulated answer: done, retry or fail (what the processor said), or cannot_simulate.</summary>
    private sealed record SimulatedWorker(string Worker, string Result, string Summary, IReadOnlyList<ItemRecord> Items)
    {
        public static SimulatedWorker Of(string worker, ProcessingResult result) => new(
            worker,
            result switch { ProcessingResult.DoneResult => "done", ProcessingResult.RetryResult => "retry", _ => "fail" },
            result switch
            {
                ProcessingResult.DoneResult done => done.Summary,
                ProcessingResult.RetryResult retry => retry.Reason,
                ProcessingResult.FailResult fail => fail.Reason,
                _ => result.ToString(),
            },
            result.Items.Select(ItemRecord.Of).ToList());
    }

    /// <summary>What a replay did.</summary>
    private sealed record ReplayAnswer(string DeliveryId, IReadOnlyList<string> QueuedFor, string Note);

    /// <summary>A page of the history and the cursor of the next (absent at the end).</summary>
    private sealed record DeliveryPage(IReadOnlyList<DeliveryRecord> Deliveries, string? NextCursor);

    /// <summary>Every step of a ticket's story, newest first, and a hint when there is none.</summary>
    private sealed record TicketStory(string Key, IReadOnlyList<TicketStep> Steps, string? Hint);

    /// <summary>One delivery that named the ticket: where, and what each attempt of each worker did with it.</summary>
    private sealed record TicketStep(string DeliveryId, string Provider, string RepoId, string? Kind, DateTimeOffset ReceivedAt, IReadOnlyList<TicketAttempt> Attempts)
    {
        public static TicketStep Of(DeliveryRecord delivery, string ticket) => new(
            delivery.DeliveryId,
            delivery.Provider,
            delivery.RepoId,
            delivery.Kind,
            delivery.ReceivedAt,
            delivery.Attempts
                .SelectMany(attempt => attempt.Items
                    .Where(item => string.Equals(item.Subject, ticket, StringComparison.OrdinalIgnoreCase))
                    .Select(item => new TicketAttempt(attempt.Worker, attempt.Attempt, attempt.EndedAt, attempt.Result, item.Kind, item.Detail, item.From, item.To, item.Source)))
                .ToList());
    }

    /// <summary>What one attempt did with the ticket.</summary>
    private sealed record TicketAttempt(string Worker, int Attempt, DateTimeOffset At, string Result, string Outcome, string Detail, string? From, string? To, string? FoundIn);
}
