namespace Unotify.Sdk;

/// <summary>Whether a claim on an idempotency key was granted.</summary>
public enum IdempotencyClaimStatus
{
    /// <summary>The caller holds the key and should act, then mark it done.</summary>
    Claimed = 0,

    /// <summary>The effect was already done; skip it.</summary>
    AlreadyDone = 1,

    /// <summary>A live attempt of another job holds the key; try again later (return a retry).</summary>
    HeldByOther = 2,
}
