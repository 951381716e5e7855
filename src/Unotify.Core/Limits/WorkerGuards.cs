using Unotify.Core.Queue;

namespace Unotify.Core.Limits;

/// <summary>What protects a worker and the service it talks to, for its <see cref="WorkerConsumer"/>; each part optional.</summary>
public sealed record WorkerGuards
{
    /// <summary>No circuit, no pause, no alerts.</summary>
    public static WorkerGuards None { get; } = new();

    /// <summary>The worker's circuit breaker, or <see langword="null"/> for none.</summary>
    public IWorkerCircuit? Circuit { get; init; }

    /// <summary>
    /// Pauses every request of the worker for a while (a 429's <c>Retry-After</c>), or <see langword="null"/> when
    /// nothing honours pauses.
    /// </summary>
    public Func<TimeSpan, CancellationToken, Task>? PauseRequests { get; init; }

    /// <summary>Where dead letters and circuit changes are announced, or <see langword="null"/> for nowhere.</summary>
    public IWorkerAlerts? Alerts { get; init; }
}
