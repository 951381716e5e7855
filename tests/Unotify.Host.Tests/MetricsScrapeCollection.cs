namespace Unotify.Host.Tests;

/// <summary>
/// Tests that read a host's <c>/metrics</c> run alone. Every host in this process creates its own <c>Unotify</c> meter,
/// and OpenTelemetry keeps one stream per meter and instrument name: the first host's instrument wins, and when that host
/// is disposed its stream goes, so a scrape of another host running at the same time found its HTTP and configuration
/// instruments missing (seen once in a full run). In production a process runs one host.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrapeCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "metrics scrapes";
}
