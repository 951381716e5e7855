namespace Unotify.Sdk;

/// <summary>The answer of <see cref="IIdempotencyStore.ClaimAsync"/>.</summary>
/// <param name="Status">Whether the claim was granted.</param>
/// <param name="AbandonedNote">
/// With <see cref="IdempotencyClaimStatus.Claimed"/>: the note of an earlier attempt whose claim was abandoned (the
/// attempt ended without marking the key done or releasing it), so the effect may have happened; otherwise
/// <see langword="null"/>.
/// </param>
public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, string? AbandonedNote = null);
