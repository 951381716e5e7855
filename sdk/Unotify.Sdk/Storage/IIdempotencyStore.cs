namespace Unotify.Sdk;

/// <summary>
/// Makes an effect happen once even when its job is delivered more than once. Shared by every replica of a worker.
/// </summary>
/// <remarks>
/// <para>
/// Use it as claim → act → mark: <see cref="ClaimAsync"/> before the effect, <see cref="MarkDoneAsync"/> right after
/// it. A key marked done is never claimed again (for the store's retention, at least seven days).
/// </para>
/// <para>
/// A claim belongs to the attempt that made it and lasts as long as that attempt's lease on its job. When the attempt
/// ends without marking or releasing the key — its worker died, its lease was lost, or it returned a retry after an
/// effect whose outcome it could not tell (a timeout) — the claim is abandoned at once: the next
/// <see cref="ClaimAsync"/>, typically the job's next attempt, gets the key with
/// <see cref="IdempotencyClaim.AbandonedNote"/> set to the note the earlier attempt left. The effect may or may not have
/// happened, and the processor must check (for example, whether the ticket already has the wanted status) before
/// acting again. A claim never blocks a later attempt of its own job.
/// </para>
/// <para>
/// The note belongs to the effect, not to the attempt: it is set by the first claim of a key and kept by every claim
/// that takes over an abandoned one (whose own note is ignored), so an attempt that dies in turn, even while it was only
/// checking, hands the next one the same account of what the effect is.
/// </para>
/// Keys are scoped to the worker by the host; a processor only needs them unique within its worker.
/// </remarks>
public interface IIdempotencyStore
{
    /// <summary>Tries to become the one holder of <paramref name="key"/> for the rest of this attempt.</summary>
    /// <param name="key">What the effect is, for example <c>{deliveryId}:{ticket}</c>.</param>
    /// <param name="note">
    /// What the effect is (<c>To Do→In Progress</c>), as this attempt sees it; kept only when no earlier claim of the key
    /// was abandoned, and handed to whoever claims the key after this claim is abandoned.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Whether the claim was granted, the effect is already done, or another job's live attempt holds it (return a
    /// retry: the key is free again when that attempt ends).
    /// </returns>
    Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken);

    /// <summary>Records that the effect of <paramref name="key"/> happened; later claims answer <see cref="IdempotencyClaimStatus.AlreadyDone"/>.</summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the mark is stored.</returns>
    Task MarkDoneAsync(string key, CancellationToken cancellationToken);

    /// <summary>Gives up this attempt's claim without marking it done (the effect did not happen), so another attempt can claim it at once.</summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}
