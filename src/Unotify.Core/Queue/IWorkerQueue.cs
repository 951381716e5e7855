using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// What a <see cref="WorkerConsumer"/> needs of one worker's queue: leases, their renewal and settlement, and a signal
/// when a job becomes due. <see cref="RedisWorkerQueue"/> is the implementation; tests drive the consumer with an
/// in-memory one.
/// </summary>
/// <remarks>
/// Every method that changes a leased job takes the <see cref="LeasedJob"/> with its token and answers
/// <see langword="false"/> when the lease is no longer held (it ended and another consumer may hold the job now): the
/// caller must then leave the job alone. Any method may throw <see cref="StoreUnavailableException"/>; nothing was
/// changed then.
/// </remarks>
public interface IWorkerQueue
{
    /// <summary>The worker's name.</summary>
    string Worker { get; }

    /// <summary>The worker's concurrency, lease and retry settings.</summary>
    QueueOptions Options { get; }

    /// <summary>The clock leases and due times are measured against.</summary>
    TimeProvider Time { get; }

    /// <summary>Calls <paramref name="wake"/> whenever a job may have become due, until <see cref="UnsubscribeAsync"/>.</summary>
    /// <param name="wake">Called on any thread; must be quick.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once subscribed.</returns>
    Task SubscribeAsync(Action wake, CancellationToken cancellationToken);

    /// <summary>Stops the calls of <see cref="SubscribeAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once unsubscribed.</returns>
    Task UnsubscribeAsync(CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="maxCount"/> due jobs, first returning jobs whose lease ended.</summary>
    /// <param name="maxCount">The most jobs to lease (1–1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The leased jobs, those that could not be read (dead-lettered instead), and when to look again.</returns>
    Task<FetchResult> FetchAsync(int maxCount, CancellationToken cancellationToken);

    /// <summary>Extends the lease by <see cref="QueueOptions.LeaseTime"/>.</summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease is still held.</returns>
    Task<bool> RenewAsync(LeasedJob leased, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a finished job and settles its delivery's de-duplication mark; in the same step, queues a job carrying
    /// <paramref name="done"/> for each worker that follows this one (<c>after:</c>) and takes the event.
    /// </summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="done">The processor's answer, with its item outcomes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease was still held.</returns>
    Task<bool> AckAsync(LeasedJob leased, ProcessingResult.DoneResult done, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the job due again after <paramref name="delay"/> in its stored form <paramref name="leased"/>.Job (its
    /// <see cref="Job.FailingSince"/> kept), keeping <paramref name="error"/>, and counts the attempt or gives it back.
    /// </summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="error">Why this attempt did not finish.</param>
    /// <param name="delay">How long to wait.</param>
    /// <param name="attempt">Whether the attempt counts towards the worker's <c>max_attempts</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease was still held.</returns>
    Task<bool> RetryAsync(LeasedJob leased, string error, TimeSpan delay, AttemptCount attempt, CancellationToken cancellationToken);

    /// <summary>Makes the job due now without counting the attempt (it was not finished because the consumer stops).</summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease was still held.</returns>
    Task<bool> ReleaseAsync(LeasedJob leased, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the job to the worker's dead letters with <paramref name="error"/>; in the same step, queues a job carrying
    /// the failure and <paramref name="items"/> for each worker that follows this one (<c>after:</c>) and takes the event.
    /// </summary>
    /// <param name="leased">The leased job.</param>
    /// <param name="error">Why it failed for good.</param>
    /// <param name="items">The item outcomes of the last attempt, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the lease was still held.</returns>
    Task<bool> DeadLetterAsync(LeasedJob leased, string error, IReadOnlyList<ItemOutcome> items, CancellationToken cancellationToken);
}
