namespace Unotify.Core.Queue;

/// <summary>What a worker's queue answered when the router offered it a delivery.</summary>
internal enum RouteAnswer
{
    /// <summary>The worker has the delivery already (queued, running, dead-lettered or done); nothing was written.</summary>
    Duplicate = 0,

    /// <summary>Queued; other jobs were due already, so the consumers are busy or woken and fetch this one with them.</summary>
    QueuedBehindOthers = 1,

    /// <summary>Queued as the only job due now: idle consumers must be woken.</summary>
    QueuedFirst = 2,
}
