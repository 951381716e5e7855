namespace Unotify.Sdk;

/// <summary>The answer of <see cref="IIdempotencyStore.ClaimAsync"/>.</summary>
/// <param name="Status">Whether the claim was granted.</param>
/// <param name="AbandonedNote">
/// With <see cref="IdempotencyClaimStatus.Claimed"/>: the note of an earlier holder whose claim expired before it
/// marked the key done or released it, so the effect may have happened; otherwise <see langword="null"/>.
/// </param>
public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, string? AbandonedNote = null);
