using System.Globalization;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>The machine a figure came from: cores, CPU model, load average, date — printed with every result.</summary>
internal static class MachineLine
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {model ?? "unknown CPU"}, load average {load}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }
}
