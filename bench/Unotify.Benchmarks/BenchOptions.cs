using System.Globalization;

namespace Unotify.Benchmarks;

/// <summary><c>--name value</c> options of the measured runs, with defaults; an unknown or malformed one stops the run.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(Dictionary<string, string> values) => _values = values;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{args[i]}' is not an option; write options as --name value (for example --rate 200).");
            }

            var name = args[i][2..];
            values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        return new BenchOptions(values);
    }

    public string Text(string name, string defaultValue) => _values.GetValueOrDefault(name, defaultValue);

    public bool Flag(string name) => _values.ContainsKey(name);

    public int Integer(string name, int defaultValue, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} is '{text}'; give a whole number from {min} to {max}.");
    }
}
