using Unotify.Core.Queue;
using Unotify.Host.Reloading;
using Unotify.Host.Security;
using Unotify.Sdk;

namespace Unotify.Host.Api;

/// <summary>The admin routes for each worker's dead letters: list, replay one, replay all.</summary>
internal static class DeadLetterApi
{
    public static IEndpointRouteBuilder MapDeadLetterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/conduit/workers/{worker}/dead").AddEndpointFilter<AdminTokenFilter>().WithTags("Dead letters");
        group.MapGet("/", ListAsync);
        group.MapPost("/replay", ReplayAllAsync);
        group.MapPost("/{id}/replay", ReplayAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, string worker, int? offset, int? count, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var deadLetters = live.Current.DeadLetters;
        if (UnknownWorker(deadLetters, worker) is { } unknown)
        {
            return unknown;
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var letters = await deadLetters.ListAsync(worker, Math.Max(0, offset ?? 0), Math.Clamp(count ?? 50, 1, 500), cancellationToken);
            return ApiResults.Ok(letters.Select(DeadLetterView.From).ToList());
        });
    }

    private static async Task<IResult> ReplayAsync(HttpContext context, string worker, string id, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var deadLetters = live.Current.DeadLetters;
        if (UnknownWorker(deadLetters, worker) is { } unknown)
        {
            return unknown;
        }

        if (EventIdentifiers.Problem(id) is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, $"The dead letter id {problem}.");
        }

        return await ApiResults.FromStoreAsync(context, async () =>
            await deadLetters.ReplayAsync(worker, id, cancellationToken)
                ? ApiResults.Ok(new { Replayed = 1 })
                : ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.DeadLetterNotFound, $"Worker '{worker}' has no dead letter '{id}'."));
    }

    private static async Task<IResult> ReplayAllAsync(HttpContext context, string worker, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var deadLetters = live.Current.DeadLetters;
        if (UnknownWorker(deadLetters, worker) is { } unknown)
        {
            return unknown;
        }

        return await ApiResults.FromStoreAsync(context, async () => ApiResults.Ok(new { Replayed = await deadLetters.ReplayAllAsync(worker, cancellationToken) }));
    }

    private static IResult? UnknownWorker(IDeadLetterStore deadLetters, string worker) =>
        deadLetters.Workers.Contains(worker)
            ? null
            : ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.WorkerNotFound, $"No worker '{worker}' in workers.yaml; workers: {string.Join(", ", deadLetters.Workers.Order(StringComparer.Ordinal))}.");
}
