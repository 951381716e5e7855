using Microsoft.Extensions.Logging;

namespace Unotify.Sdk;

/// <summary>Everything the host gives a processor for one attempt at one job.</summary>
public sealed class ProcessorContext
{
    /// <summary>The worker's name, the key under <c>workers:</c> in <c>workers.yaml</c>.</summary>
    public required string WorkerName { get; init; }

    /// <summary>The id of the job being processed; stable across attempts.</summary>
    public required string JobId { get; init; }

    /// <summary>The worker's <c>settings:</c>, with <c>${ENV}</c> values already resolved.</summary>
    public required ProcessorSettings Settings { get; init; }

    /// <summary>The worker's state machines (from its <c>statefile</c>), empty when it has none.</summary>
    public required IStateMachines StateMachines { get; init; }

    /// <summary>The state-machine event this worker fires (<c>event:</c> in <c>workers.yaml</c>, default <c>next</c>).</summary>
    public string StateMachineEvent { get; init; } = "next";

    /// <summary>Claims and marks effects so that each happens once across redeliveries; shared by all replicas.</summary>
    public required IIdempotencyStore Idempotency { get; init; }

    /// <summary>A cache with expiry shared by all replicas of this worker.</summary>
    public required ISharedCache Cache { get; init; }

    /// <summary>Which attempt this is, starting at 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>How many attempts the worker allows in all; the job is dead-lettered after the last one.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>A logger whose scope carries the worker, job and delivery id.</summary>
    public required ILogger Logger { get; init; }
}
