using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Unotify.Host.Metrics;

/// <summary>
/// Collects every instrument of the <c>Unotify</c> meters (the HTTP request counter, the queue's job counters and
/// processing-time histograms) with a <see cref="MeterListener"/> and writes them in Prometheus' text format.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] SecondBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == UnotifyMeter.Name || instrument.Meter.Name.StartsWith(UnotifyMeter.Name + ".", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Export()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (instrument, series) in _series.OrderBy(pair => pair.Key.Name, StringComparer.Ordinal))
        {
            var kind = series.Kind;
            var name = MetricName(instrument, kind);
            text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description ?? instrument.Name).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(kind).Append('\n');
            foreach (var value in series.All.OrderBy(value => value.Labels, StringComparer.Ordinal))
            {
                value.Write(text, name, kind);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Runs on every request: the series is found by the tag values themselves, and the label text is built only
        // the first time a combination is seen.
        var series = _series.GetOrAdd(instrument, static instrument => new InstrumentSeries(instrument));
        series.Find(tags).Add(value, series.Replaces);
    }

    private static string Kind(Instrument instrument) => instrument switch
    {
        _ when instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal) => "histogram",
        _ when instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) || instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) => "counter",
        _ => "gauge",
    };

    private static double[] Buckets(Instrument instrument) =>
        instrument.Unit is "ms" ? SecondBuckets.Select(bucket => bucket * 1000).ToArray() : SecondBuckets;

    private static string MetricName(Instrument instrument, string kind)
    {
        var name = new StringBuilder(instrument.Name.Length + 8);
        foreach (var c in instrument.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        if (kind == "counter" && !instrument.Name.EndsWith("total", StringComparison.Ordinal))
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{key.Replace('.', '_')}=\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    /// <summary>The series of one instrument, keyed by their tag values.</summary>
    private sealed class InstrumentSeries(Instrument instrument)
    {
        private readonly ConcurrentDictionary<TagValues, Series> _byTags = new();

        // The same tags given in another order are the same series: the label text (sorted) is its identity.
        private readonly ConcurrentDictionary<string, Series> _byLabels = new(StringComparer.Ordinal);

        public string Kind { get; } = PrometheusExporter.Kind(instrument);

        /// <summary>Whether a measurement replaces the value (an observed gauge) instead of adding to it.</summary>
        public bool Replaces => Kind == "gauge" && instrument.IsObservable;

        public IEnumerable<Series> All => _byLabels.Values;

        public Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = TagValues.Of(tags);
            if (_byTags.TryGetValue(key, out var found))
            {
                return found;
            }

            var labels = Labels(tags);
            var series = _byLabels.GetOrAdd(labels, labels => new Series(labels, Kind == "histogram" ? Buckets(instrument) : []));
            return _byTags.GetOrAdd(key, series);
        }
    }

    /// <summary>
    /// The tags of one measurement as a dictionary key that costs no allocation for up to four tags (every Unotify
    /// instrument has fewer); more tags fall back to their label text.
    /// </summary>
    private readonly record struct TagValues(
        int Count,
        string? Key0, object? Value0,
        string? Key1, object? Value1,
        string? Key2, object? Value2,
        string? Key3, object? Value3,
        string? Overflow)
    {
        public static TagValues Of(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
        {
            0 => default,
            1 => new(1, tags[0].Key, tags[0].Value, null, null, null, null, null, null, null),
            2 => new(2, tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value, null, null, null, null, null),
            3 => new(3, tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value, tags[2].Key, tags[2].Value, null, null, null),
            4 => new(4, tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value, tags[2].Key, tags[2].Value, tags[3].Key, tags[3].Value, null),
            _ => new(tags.Length, null, null, null, null, null, null, null, null, Labels(tags)),
        };
    }

    /// <summary>One time series: a running sum (counter), a last value (gauge) or buckets, sum and count (histogram).</summary>
    private sealed class Series(string labels, double[] bounds)
    {
        public string Labels { get; } = labels;

        private readonly long[] _counts = new long[bounds.Length];
        private double _value;
        private double _sum;
        private long _count;

        public void Add(double value, bool replace)
        {
            lock (_counts)
            {
                _value = replace ? value : _value + value;
                _sum += value;
                _count++;
                for (var i = 0; i < bounds.Length; i++)
                {
                    if (value <= bounds[i])
                    {
                        _counts[i]++;
                    }
                }
            }
        }

        public void Write(StringBuilder text, string name, string kind)
        {
            var labels = Labels;
            lock (_counts)
            {
                if (kind != "histogram")
                {
                    text.Append(name).Append(Braces(labels)).Append(' ').Append(Number(_value)).Append('\n');
                    return;
                }

                var prefix = labels.Length == 0 ? string.Empty : labels + ",";
                for (var i = 0; i < bounds.Length; i++)
                {
                    text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(Number(bounds[i])).Append("\"} ").Append(_counts[i]).Append('\n');
                }

                text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(_count).Append('\n');
                text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(_sum)).Append('\n');
                text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(_count).Append('\n');
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
