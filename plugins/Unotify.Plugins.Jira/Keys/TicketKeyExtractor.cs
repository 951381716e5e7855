using System.Text.RegularExpressions;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Finds Jira issue keys in free text: a project key (a letter, then letters, digits or <c>_</c>), <c>-</c>, and a
/// number not starting with 0. Case-insensitive (<c>feature/devops-12-login</c> names <c>DEVOPS-12</c>), never inside
/// a longer word (<c>xSOC-1</c> is <c>XSOC-1</c>, <c>SOC-12a</c> is nothing), upper-cased, de-duplicated, in order of
/// first appearance.
/// </summary>
public static partial class TicketKeyExtractor
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
            foreach (var match in KeyPattern().EnumerateMatches(text))
            {
                var key = text.Substring(match.Index, match.Length).ToUpperInvariant();
                if ((seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(key))
                {
                    (keys ??= []).Add(key);
                }
            }
        }

        return keys ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The project part of a key (<c>SOC</c> for <c>SOC-1</c>).</summary>
    /// <param name="key">A key as <see cref="Extract"/> returns it.</param>
    /// <returns>The project key.</returns>
    public static string ProjectOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[..key.LastIndexOf('-')];
    }

    // Word boundaries are any letter, digit or underscore in any script, so a key is never cut out of a longer word.
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*(?![\p{L}\p{N}_])", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
