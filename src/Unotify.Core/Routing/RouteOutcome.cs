namespace Unotify.Core.Routing;

/// <summary>What the hub did with an accepted event.</summary>
/// <param name="IsDuplicate">The delivery id was seen for this provider and repo within the de-duplication window; nothing was queued.</param>
/// <param name="Workers">The workers a job was queued for (empty for a duplicate or when no worker's filter matched).</param>
public sealed record RouteOutcome(bool IsDuplicate, IReadOnlyList<string> Workers);
