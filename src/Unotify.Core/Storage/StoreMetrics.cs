using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Unotify.Core.Queue;

namespace Unotify.Core.Storage;

/// <summary>
/// The embedded store's instruments, read when scraped, one series per running server (tagged with its data
/// directory): the append-only file's size, and whether its checkpoints have stopped (<see cref="CheckpointWatch"/>).
/// </summary>
internal static class StoreMetrics
{
    private static readonly Meter Meter = new(QueueMetrics.MeterName + ".Store");
    private static readonly ConcurrentDictionary<CheckpointWatch, string> Watches = new();

    private static readonly ObservableGauge<long> AppendOnlyFile = Meter.CreateObservableGauge(
        "unotify.store.append_only_file",
        () => Watches.Select(pair => new Measurement<long>(pair.Key.ReadBytes() ?? 0, Tag(pair.Value))),
        "By",
        "The embedded store's append-only file on disk; a checkpoint truncates it past its limit (64 MB).");

    private static readonly ObservableGauge<int> CheckpointsStalled = Meter.CreateObservableGauge(
        "unotify.store.checkpoints_stalled",
        () => Watches.Select(pair => new Measurement<int>(pair.Key.Stalled ? 1 : 0, Tag(pair.Value))),
        unit: null,
        "1 while the embedded store's append-only file has stayed past twice its limit without shrinking for five minutes (its checkpoints have stopped), else 0.");

    /// <summary>Reports <paramref name="watch"/>'s server until <see cref="Forget"/>.</summary>
    public static void Observe(CheckpointWatch watch, string dataDirectory) => Watches[watch] = dataDirectory;

    /// <summary>Stops reporting <paramref name="watch"/>'s server.</summary>
    public static void Forget(CheckpointWatch watch) => Watches.TryRemove(watch, out _);

    private static KeyValuePair<string, object?> Tag(string dataDirectory) => new("data_directory", dataDirectory);
}
