using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Unotify.Core.Queue;

/// <summary>The queue's instruments on the <c>Unotify</c> meter, each tagged with the worker.</summary>
public static class QueueMetrics
{
    /// <summary>The meter's name, for the host's metrics exporter.</summary>
    public const string MeterName = "Unotify";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Queued = Meter.CreateCounter<long>("unotify.jobs.queued", "{job}", "Jobs queued for a worker.");
    private static readonly Counter<long> Processed = Meter.CreateCounter<long>("unotify.jobs.processed", "{job}", "Jobs whose processor returned Done.");
    private static readonly Counter<long> Retried = Meter.CreateCounter<long>("unotify.jobs.retried", "{job}", "Attempts scheduled for a retry.");
    // The instrument keeps its first name: dashboards and alerts refer to it.
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("unotify.jobs.dead", "{job}", "Jobs moved to the dead letters.");
    private static readonly Counter<long> Opened = Meter.CreateCounter<long>("unotify.circuit.opened", "{opening}", "Times a worker's circuit opened (counted by the replica that opened it).");
    private static readonly Counter<long> Closed = Meter.CreateCounter<long>("unotify.circuit.closed", "{closing}", "Times a worker's circuit closed (counted by the replica whose probe closed it).");
    private static readonly ConcurrentDictionary<string, int> Circuits = new(StringComparer.Ordinal);
    private static readonly ObservableGauge<int> CircuitOpen = Meter.CreateObservableGauge(
        "unotify.circuit.open",
        () => Circuits.Select(pair => new Measurement<int>(pair.Value, Tag(pair.Key))),
        "{circuit}",
        "1 while a worker's circuit is open (as this process last saw it), else 0.");
    /// <summary>The name of the processing-time histogram, for the exporter's bucket boundaries.</summary>
    public const string DurationInstrument = "unotify.job.duration";

    // No unit on purpose: OpenTelemetry's Prometheus exporter appends the unit to the name (unotify_job_duration_milliseconds),
    // and the scraped name is what dashboards and alerts use; the description says the unit instead.
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationInstrument, unit: null, "Time a processor took for one attempt, in milliseconds.");

    internal static void JobQueued(string worker) => Queued.Add(1, Tag(worker));

    internal static void JobProcessed(string worker) => Processed.Add(1, Tag(worker));

    internal static void JobRetried(string worker) => Retried.Add(1, Tag(worker));

    internal static void JobDeadLettered(string worker) => DeadLettered.Add(1, Tag(worker));

    internal static void CircuitIs(string worker, bool open) => Circuits[worker] = open ? 1 : 0;

    internal static void CircuitOpened(string worker)
    {
        Circuits[worker] = 1;
        Opened.Add(1, Tag(worker));
    }

    internal static void CircuitClosed(string worker)
    {
        Circuits[worker] = 0;
        Closed.Add(1, Tag(worker));
    }

    internal static void AttemptTook(string worker, TimeSpan elapsed) => Duration.Record(elapsed.TotalMilliseconds, Tag(worker));

    private static KeyValuePair<string, object?> Tag(string worker) => new("worker", worker);
}
