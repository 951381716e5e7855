namespace Unotify.Core.Queue;

/// <summary>Each worker's dead letters: listed, replayed (queued again with a fresh attempt count) and purged.</summary>
/// <remarks>
/// Callers check a worker name against <see cref="Workers"/> first: an unknown worker is a caller's bug and throws
/// <see cref="ArgumentException"/>. Every method throws <see cref="Storage.StoreUnavailableException"/> when Redis is down.
/// </remarks>
public interface IDeadLetterStore
{
    /// <summary>The configured workers' names.</summary>
    IReadOnlyCollection<string> Workers { get; }

    /// <summary>The worker's dead letters, newest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string worker, int offset, int count, CancellationToken cancellationToken);

    /// <summary>Queues one dead letter again; <see langword="false"/> when no dead letter has that id.</summary>
    Task<bool> ReplayAsync(string worker, string jobId, CancellationToken cancellationToken);

    /// <summary>Queues all of the worker's dead letters again; returns how many.</summary>
    Task<int> ReplayAllAsync(string worker, CancellationToken cancellationToken);

    /// <summary>Deletes all of the worker's dead letters; returns how many.</summary>
    Task<int> PurgeAsync(string worker, CancellationToken cancellationToken);
}
