namespace Unotify.Core.Routing;

/// <summary>A worker the hub may route events to, with the filter that decides which.</summary>
/// <param name="Worker">The worker's name.</param>
/// <param name="Filter">Which events it takes.</param>
public sealed record RouteTarget(string Worker, EventFilter Filter);
