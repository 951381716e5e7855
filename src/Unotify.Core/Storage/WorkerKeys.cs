namespace Unotify.Core.Storage;

/// <summary>One worker's keys; they share a hash tag so a script may touch them all.</summary>
/// <param name="Root">The prefix and hash tag, e.g. <c>unotify:{w:atlassian}</c>.</param>
internal sealed record WorkerKeys(string Root)
{
    /// <summary>Sorted set of job ids by due time (ms): ready jobs have a score ≤ now, delayed ones later.</summary>
    public string Due => $"{Root}:due";

    /// <summary>Sorted set of leased job ids by lease expiry (ms).</summary>
    public string Leased => $"{Root}:leased";

    /// <summary>Hash job id → job JSON.</summary>
    public string Jobs => $"{Root}:jobs";

    /// <summary>Hash job id → the current lease's token (fencing).</summary>
    public string Tokens => $"{Root}:tokens";

    /// <summary>Hash job id → attempts started (incremented on every fetch).</summary>
    public string Attempts => $"{Root}:attempts";

    /// <summary>Sorted set of dead job ids by when they died (ms).</summary>
    public string Dead => $"{Root}:dead";

    /// <summary>Hash job id → dead job JSON.</summary>
    public string DeadJobs => $"{Root}:deadjobs";

    /// <summary>Pub/sub channel that wakes idle consumers.</summary>
    public string WakeChannel => $"{Root}:wake";

    public string Seen(string provider, string repoId, string deliveryId) => $"{Root}:seen:{KeySpace.DeliveryKey(provider, repoId, deliveryId)}";

    public string Idempotency(string key) => $"{Root}:idem:{key}";

    public string Cache(string key) => $"{Root}:cache:{key}";
}
