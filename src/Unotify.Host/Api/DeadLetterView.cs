using Unotify.Core.Queue;

namespace Unotify.Host.Api;

/// <summary>A dead letter as the admin API lists it.</summary>
/// <param name="JobId">The job's id, for replaying it.</param>
/// <param name="DeliveryId">The delivery the job came from.</param>
/// <param name="Kind">The event kind.</param>
/// <param name="RepoId">The repository id.</param>
/// <param name="Error">The last error.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="EnqueuedAt">When the job was first queued.</param>
/// <param name="DeadAt">When it was dead-lettered.</param>
public sealed record DeadLetterView(string JobId, string DeliveryId, string Kind, string RepoId, string Error, int Attempts, DateTimeOffset EnqueuedAt, DateTimeOffset DeadAt)
{
    internal static DeadLetterView From(DeadLetter letter) =>
        new(letter.Job.Id, letter.Job.Event.DeliveryId, letter.Job.Event.Kind, letter.Job.Event.RepoId, letter.Error, letter.Attempts, letter.Job.EnqueuedAt, letter.DeadAt);
}
