using System.Text.RegularExpressions;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// The ticket keys an event names, by the rule the Jira processor uses: a letter, then letters, digits or <c>_</c>, a
/// dash and a number not starting with 0; any case, not inside a longer word; upper-cased, first appearance first.
/// </summary>
internal static partial class TicketKeys
{
    public static IReadOnlyList<string> In(WebhookEvent webhookEvent)
    {
        var keys = new List<string>();
        foreach (var text in webhookEvent.Texts)
        {
            foreach (Match match in KeyPattern().Matches(text.Text))
            {
                var key = match.Value.ToUpperInvariant();
                if (!keys.Contains(key, StringComparer.Ordinal))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*(?![\p{L}\p{N}_])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyPattern();
}
