namespace Unotify.Core.Configuration;

/// <summary>The "did you mean" of configuration errors: the known name closest to a misspelt one.</summary>
public static class Suggestion
{
    /// <summary>The candidate within two edits of <paramref name="value"/> (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="value">What was written.</param>
    /// <param name="candidates">The names that would be right.</param>
    /// <returns>The closest candidate, when one is close enough to be a typo.</returns>
    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(value);
        var written = value.ToLowerInvariant();
        var best = candidates.Select(candidate => (Candidate: candidate, Distance: EditDistance(written, candidate.ToLowerInvariant())))
            .OrderBy(pair => pair.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= 2 && best.Distance < Math.Max(written.Length, 2) ? best.Candidate : null;
    }

    /// <summary><c> (did you mean 'x'?)</c>, or empty when no candidate is close.</summary>
    /// <param name="value">What was written.</param>
    /// <param name="candidates">The names that would be right.</param>
    /// <returns>The phrase, starting with a space, or an empty string.</returns>
    public static string DidYouMean(string value, IEnumerable<string> candidates) =>
        Closest(value, candidates) is { } closest ? $" (did you mean '{closest}'?)" : string.Empty;

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
