using System.Globalization;

namespace Unotify.Sdk;

/// <summary>Reads durations as configuration files write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>24h</c>, <c>7d</c>.</summary>
public static class DurationText
{
    /// <summary>Reads <paramref name="text"/> as a duration.</summary>
    /// <param name="text">A number with a unit (<c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>), a plain number of seconds, or <c>hh:mm:ss</c>.</param>
    /// <param name="value">The duration when the text was valid.</param>
    /// <returns>Whether the text was a valid duration.</returns>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);
        }

        var (number, scale) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 1d),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1000d),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60_000d),
            _ when trimmed.EndsWith('h') || trimmed.EndsWith('H') => (trimmed[..^1], 3_600_000d),
            _ when trimmed.EndsWith('d') || trimmed.EndsWith('D') => (trimmed[..^1], 86_400_000d),
            _ => (trimmed, 1000d),
        };

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || double.IsNaN(amount) || double.IsInfinity(amount) || amount < 0 || amount * scale > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(amount * scale);
        return true;
    }
}
