namespace Unotify.Sdk;

/// <summary>
/// Finds ticket keys (Jira issue keys) in free text, by the one rule every Unotify plugin shares: a project key (a letter, then letters, digits or <c>_</c>), <c>-</c>, and a
/// number not starting with 0. Case-insensitive (<c>feature/devops-12-login</c> names <c>DEVOPS-12</c>), never inside
/// a longer word (<c>xSOC-1</c> is <c>XSOC-1</c>, <c>SOC-12a</c> is nothing), upper-cased, de-duplicated, in order of
/// first appearance.
/// </summary>
/// <remarks>
/// A hand scanner rather than a regular expression: it jumps from dash to dash with a vectorised search and looks
/// around each one, so ordinary prose (few dashes) costs almost nothing. It matches exactly what
/// <c>(?&lt;![\p{L}\p{N}_])[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*(?![\p{L}\p{N}_])</c> matches; a test holds it to that.
/// </remarks>
public static class TicketKeys
{
    /// <summary>The keys named in <paramref name="texts"/>.</summary>
    /// <param name="texts">The texts, in the order their keys should be reported.</param>
    /// <returns>Upper-case keys such as <c>SOC-1</c>, each once.</returns>
    public static IReadOnlyList<string> Extract(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        List<string>? keys = null;
        HashSet<string>? seen = null;
        foreach (var text in texts)
        {
            for (var dash = text.IndexOf('-', StringComparison.Ordinal); dash >= 0; dash = text.IndexOf('-', dash + 1))
            {
                if (TryMatchAt(text, dash, out var start, out var end))
                {
                    var key = text[start..end].ToUpperInvariant();
                    if ((seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(key))
                    {
                        (keys ??= []).Add(key);
                    }
                }
            }
        }

        return keys ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The keys named in all of <paramref name="webhookEvent"/>'s texts, in the order of its texts.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <returns>Upper-case keys such as <c>SOC-1</c>, each once.</returns>
    public static IReadOnlyList<string> In(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return Extract(webhookEvent.Texts.Select(text => text.Text));
    }

    /// <summary>The keys named in <paramref name="webhookEvent"/>'s texts, each with the source of the first text that names it.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <returns>Upper-case keys, each once, in the order of the event's texts, with where each was found.</returns>
    public static IReadOnlyList<TicketKeyLocation> Locate(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var found = new List<TicketKeyLocation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in webhookEvent.Texts)
        {
            foreach (var key in Extract([text.Text]))
            {
                if (seen.Add(key))
                {
                    found.Add(new TicketKeyLocation(key, text.Source) { Origin = text.Origin });
                }
            }
        }

        return found;
    }

    /// <summary>The project part of a key (<c>SOC</c> for <c>SOC-1</c>).</summary>
    /// <param name="key">A key as <see cref="Extract"/> returns it.</param>
    /// <returns>The project key.</returns>
    public static string ProjectOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[..key.LastIndexOf('-')];
    }

    /// <summary>Whether the dash at <paramref name="dash"/> joins a project key and an issue number.</summary>
    private static bool TryMatchAt(string text, int dash, out int start, out int end)
    {
        // The number: a digit 1-9, more digits, then no letter, digit or underscore.
        end = dash + 1;
        start = dash;
        if (end >= text.Length || text[end] is < '1' or > '9')
        {
            return false;
        }

        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end < text.Length && IsWordChar(text[end]))
        {
            return false;
        }

        // The project: ASCII letters, digits and underscores back to the start of the word, beginning with a letter.
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
        {
            start--;
        }

        return start < dash
            && char.IsAsciiLetter(text[start])
            && (start == 0 || !IsWordChar(text[start - 1]));
    }

    private static bool IsWordChar(char c) => char.IsLetter(c) || char.IsNumber(c) || c == '_';
}
