using Unotify.Core.Routing;
using Unotify.Sdk;

namespace Unotify.Core.Configuration;

/// <summary>One worker from <c>workers.yaml</c>, validated, with defaults applied and paths made absolute.</summary>
public sealed record WorkerDefinition
{
    /// <summary>The worker's name: its key under <c>workers:</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The processor's name (<c>processor:</c>; the worker <c>atlassian</c> defaults to <c>jira</c>, any other to its own name).</summary>
    public required string Processor { get; init; }

    /// <summary>Where the processor name came from, for errors about it.</summary>
    public required SourceLocation ProcessorLocation { get; init; }

    /// <summary>The worker's own plugin assemblies (absolute paths); its processor is looked for there first.</summary>
    public IReadOnlyList<PluginReference> Plugins { get; init; } = [];

    /// <summary>Which events the worker takes (<c>on:</c>), <see cref="EventFilter.Default"/> when absent.</summary>
    public required EventFilter Filter { get; init; }

    /// <summary>Where each provider named in <c>on:</c> was written, for errors about unknown providers.</summary>
    public IReadOnlyList<(string Provider, SourceLocation Location)> FilterProviders { get; init; } = [];

    /// <summary>
    /// The worker whose outcome this one follows (<c>after:</c>), or <see langword="null"/>: for an event both take, this
    /// worker's job is queued when the followed worker's job for the same delivery settles (done or dead-lettered), and
    /// carries that job's item outcomes.
    /// </summary>
    public string? After { get; init; }

    /// <summary>Where <c>after:</c> was written, for errors about it; <see langword="null"/> without it.</summary>
    public SourceLocation? AfterLocation { get; init; }

    /// <summary>The state-machine event the worker fires (<c>event:</c>, default <c>next</c>).</summary>
    public string StateMachineEvent { get; init; } = "next";

    /// <summary>How many jobs run at once (<c>concurrency:</c>, default 4).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// How many parts the worker's queue is spread over (<c>partitions:</c>, default 1), each under a hash tag of its
    /// own so that a Redis Cluster places them on different nodes; see <see cref="Queue.QueueOptions.Partitions"/>.
    /// </summary>
    public int Partitions { get; init; } = 1;

    /// <summary>
    /// How long a fetched job stays leased without a renewal (<c>lease:</c>, default 30 s): when its worker dies, the job
    /// is handed out again this long after the last renewal.
    /// </summary>
    public TimeSpan LeaseTime { get; init; } = DefaultLeaseTime;

    /// <summary>The lease of a worker with no <c>lease:</c>.</summary>
    public static TimeSpan DefaultLeaseTime { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The retry policy (<c>retry:</c>).</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>The circuit breaker (<c>circuit:</c>).</summary>
    public CircuitPolicy Circuit { get; init; } = CircuitPolicy.Default;

    /// <summary>The rate limit of the processor's requests (<c>rate:</c>), or <see langword="null"/> for none.</summary>
    public RateLimit? Rate { get; init; }

    /// <summary>The absolute path of the worker's HCL state file, or <see langword="null"/> when it has none.</summary>
    public string? StateFile { get; init; }

    /// <summary>The projects the worker handles, upper case (<c>SOC</c>).</summary>
    public IReadOnlyList<string> Projects { get; init; } = [];

    /// <summary>The flattened <c>settings:</c> with <c>${ENV}</c> values resolved.</summary>
    public required ProcessorSettings Settings { get; init; }

    /// <summary>Where each flattened setting key was written, for errors about settings the processor does not read.</summary>
    public IReadOnlyDictionary<string, SourceLocation> SettingLocations { get; init; } = new Dictionary<string, SourceLocation>();
}
