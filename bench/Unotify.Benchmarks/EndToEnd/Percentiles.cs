using System.Globalization;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>Nearest-rank percentiles of a set of latencies in milliseconds.</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> milliseconds)
    {
        _sorted = [.. milliseconds];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double At(double percentile) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"p50 {At(50):0.0} ms, p90 {At(90):0.0} ms, p99 {At(99):0.0} ms, max {At(100):0.0} ms (n={Count})");
}
