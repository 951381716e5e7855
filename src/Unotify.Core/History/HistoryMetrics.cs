using System.Diagnostics.Metrics;
using Unotify.Core.Queue;

namespace Unotify.Core.History;

/// <summary>The history's instruments: writes made and writes lost (history is best effort and never holds up a delivery).</summary>
internal static class HistoryMetrics
{
    private static readonly Meter Meter = new(QueueMetrics.MeterName + ".History");
    private static readonly Counter<long> Writes = Meter.CreateCounter<long>("unotify.history.writes", "{write}", "History records written, by result (ok, failed).");

    public static void Written() => Writes.Add(1, new KeyValuePair<string, object?>("result", "ok"));

    public static void Failed() => Writes.Add(1, new KeyValuePair<string, object?>("result", "failed"));
}
