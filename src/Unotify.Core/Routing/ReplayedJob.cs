namespace Unotify.Core.Routing;

/// <summary>A job a replay queued: the worker and the new job's id.</summary>
/// <param name="Worker">The worker whose queue took it.</param>
/// <param name="JobId">The new job's id.</param>
public sealed record ReplayedJob(string Worker, string JobId);
