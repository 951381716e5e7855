using Unotify.Core.History;
using Unotify.Sdk;

namespace Unotify.Core.Workers;

/// <summary>
/// What one worker that takes an event would do with it now: the processor's answer to a simulation (<c>done</c>,
/// <c>retry</c> or <c>fail</c>), or <c>cannot_simulate</c> for a processor that does not declare it can.
/// </summary>
/// <param name="Worker">The worker.</param>
/// <param name="Result"><c>done</c>, <c>retry</c>, <c>fail</c> or <c>cannot_simulate</c>.</param>
/// <param name="Summary">The processor's summary or reason.</param>
/// <param name="Items">What would become of each item (<c>would_move</c>, <c>unchanged</c>, <c>skipped</c>, …).</param>
public sealed record WorkerSimulation(string Worker, string Result, string Summary, IReadOnlyList<ItemRecord> Items)
{
    /// <summary>The result of a worker whose processor cannot simulate.</summary>
    public const string CannotSimulate = "cannot_simulate";

    /// <summary>Asks every worker of <paramref name="workers"/> that takes <paramref name="webhookEvent"/> what it would do, in order.</summary>
    /// <param name="workers">The workers, each with its processor.</param>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the simulation.</param>
    /// <param name="states">States given for items (<see cref="ProcessorContext.SimulatedStates"/>), or none.</param>
    /// <returns>One answer per worker that takes the event; none when no worker does.</returns>
    public static async Task<IReadOnlyList<WorkerSimulation>> RunAsync(
        IEnumerable<Worker> workers, WebhookEvent webhookEvent, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? states = null)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var answers = new List<WorkerSimulation>();
        foreach (var worker in workers.Where(worker => worker.Takes(webhookEvent)))
        {
            answers.Add(worker.CanSimulate
                ? Of(worker.Name, await worker.SimulateAsync(webhookEvent, cancellationToken, states).ConfigureAwait(false))
                : new WorkerSimulation(worker.Name, CannotSimulate, $"the {worker.Definition.Processor} processor does not declare that it can simulate, so it was not asked", []));
        }

        return answers;
    }

    private static WorkerSimulation Of(string worker, ProcessingResult result) => new(
        worker,
        result switch { ProcessingResult.DoneResult => AttemptResults.Done, ProcessingResult.RetryResult => AttemptResults.Retry, _ => AttemptResults.Fail },
        result switch
        {
            ProcessingResult.DoneResult done => done.Summary,
            ProcessingResult.RetryResult retry => retry.Reason,
            ProcessingResult.FailResult fail => fail.Reason,
            _ => result.ToString(),
        },
        [.. result.Items.Select(ItemRecord.Of)]);
}
