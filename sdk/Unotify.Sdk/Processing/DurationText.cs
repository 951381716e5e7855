using System.Globalization;

namespace Unotify.Sdk;

/// <summary>Reads durations as configuration files write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>24h</c>, <c>7d</c>.</summary>
public static class DurationText
{
    /// <summary>
    /// Writes <paramref name="value"/> as configuration files do, in the largest unit that holds it whole: <c>24h</c>,
    /// <c>90s</c>, <c>1500ms</c>. <see cref="TryParse"/> reads it back.
    /// </summary>
    /// <param name="value">A duration, rounded to the millisecond.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value)
    {
        var milliseconds = (long)Math.Round(value.TotalMilliseconds);
        var (unit, size) = milliseconds switch
        {
            0 => ("s", 1000L),
            _ when milliseconds % 86_400_000 == 0 => ("d", 86_400_000L),
            _ when milliseconds % 3_600_000 == 0 => ("h", 3_600_000L),
            _ when milliseconds % 60_000 == 0 => ("m", 60_000L),
            _ when milliseconds % 1000 == 0 => ("s", 1000L),
            _ => ("ms", 1L),
        };
        return (milliseconds / size).ToString(CultureInfo.InvariantCulture) + unit;
    }

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
