using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Reads what an event's texts ask of each ticket: a <c>#word</c> right after a key fires that state-machine event for
/// that ticket (<c>SOC-12 #review</c>, as Jira's smart commits write it), and a trigger word right before a key fires
/// the event the worker's <c>triggers:</c> gives it (<c>Closes SOC-12</c> with <c>triggers: { closes: close }</c>).
/// </summary>
/// <remarks>
/// Keys are the SDK's (<see cref="TicketKeys"/>): found case-insensitively, never inside a word. A key inside a URL, a
/// code span (<c>`SOC-1 #x`</c>, or a fenced block) or written as <c>#SOC-1</c> (<c>[#ABC-123]</c>) carries no command.
/// <c>#comment</c> (read by <see cref="ReadComments"/>) and <c>#time</c> are not events. The first command a ticket
/// gets, in the order of the event's texts, is the one that counts.
/// </remarks>
internal sealed class CommandReader(IReadOnlyDictionary<string, string> triggers)
{
    private static readonly HashSet<string> NotEvents = new(StringComparer.Ordinal) { "comment", "time" };

    /// <summary>A reader with no trigger words: only <c>#word</c> commands.</summary>
    public static CommandReader WithoutTriggers { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The trigger words and the events they fire.</summary>
    public IReadOnlyDictionary<string, string> Triggers => triggers;

    /// <summary>The command for each of <paramref name="keys"/> that the texts give one.</summary>
    /// <param name="texts">The event's texts, in order.</param>
    /// <param name="keys">Upper-case keys of the tickets to look for.</param>
    /// <returns>Each commanded key's command.</returns>
    public IReadOnlyDictionary<string, TicketCommand> Read(IReadOnlyList<EventText> texts, IReadOnlyList<string> keys)
    {
        var commands = new Dictionary<string, TicketCommand>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var key in keys)
            {
                if (!commands.ContainsKey(key) && Find(text.Text, key) is { } found)
                {
                    commands[key] = found with { Origin = $"{found.Origin} in {SourceName(text)}" };
                }
            }
        }

        return commands;
    }

    /// <summary>
    /// The comment each of <paramref name="keys"/> is given by <c>KEY #comment text</c> (Jira's smart-commit form): the
    /// rest of that line. The first one per ticket counts.
    /// </summary>
    /// <param name="texts">The event's texts, in order.</param>
    /// <param name="keys">Upper-case keys of the tickets to look for.</param>
    /// <returns>Each commented key's comment.</returns>
    public static IReadOnlyDictionary<string, TicketComment> ReadComments(IReadOnlyList<EventText> texts, IReadOnlyList<string> keys)
    {
        var comments = new Dictionary<string, TicketComment>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var key in keys)
            {
                if (!comments.ContainsKey(key) && FindComment(text.Text, key) is { } said)
                {
                    comments[key] = new TicketComment(said, $"#comment in {SourceName(text)}");
                }
            }
        }

        return comments;
    }

    /// <summary>The rest of the line after the first <c>KEY #comment</c> that says something, or <see langword="null"/>.</summary>
    private static string? FindComment(string text, string key)
    {
        foreach (var at in Occurrences(text, key))
        {
            var end = at + key.Length;
            if (HashWordAfter(text, end) != "comment")
            {
                continue;
            }

            var start = text.IndexOf("#comment", end, StringComparison.OrdinalIgnoreCase) + "#comment".Length;
            var lineEnd = text.IndexOf('\n', start);
            var said = text[start..(lineEnd < 0 ? text.Length : lineEnd)].Trim();
            if (said.Length > 0)
            {
                return said;
            }
        }

        return null;
    }

    private TicketCommand? Find(string text, string key)
    {
        foreach (var at in Occurrences(text, key))
        {
            if (HashWordAfter(text, at + key.Length) is { } word && !NotEvents.Contains(word))
            {
                return new TicketCommand(word, "#" + word);
            }

            if (WordBefore(text, at) is { } trigger && triggers.TryGetValue(trigger, out var fired))
            {
                return new TicketCommand(fired, $"'{trigger}'");
            }
        }

        return null;
    }

    /// <summary>Where <paramref name="key"/> stands in <paramref name="text"/> as a key that may carry a command.</summary>
    private static IEnumerable<int> Occurrences(string text, string key)
    {
        for (var at = text.IndexOf(key, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(key, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + key.Length;
            if ((at > 0 && IsWordChar(text[at - 1])) || (end < text.Length && IsWordChar(text[end]))
                || (at > 0 && text[at - 1] == '#') || InCode(text, at) || InUrl(text, at))
            {
                continue;
            }

            yield return at;
        }
    }

    /// <summary>The lower-cased word of <c>#word</c> after spaces or tabs from <paramref name="from"/>, or <see langword="null"/>.</summary>
    private static string? HashWordAfter(string text, int from)
    {
        var at = from;
        while (at < text.Length && text[at] is ' ' or '\t')
        {
            at++;
        }

        if (at == from || at >= text.Length - 1 || text[at] != '#' || !char.IsAsciiLetter(text[at + 1]))
        {
            return null;
        }

        var start = ++at;
        while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or '-'))
        {
            at++;
        }

        return at < text.Length && IsWordChar(text[at]) ? null : text[start..at].ToLowerInvariant();
    }

    /// <summary>The lower-cased word before <paramref name="at"/>, across spaces and one <c>:</c>, or <see langword="null"/>.</summary>
    private static string? WordBefore(string text, int at)
    {
        var end = at;
        while (end > 0 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end == at)
        {
            return null;
        }

        if (end > 0 && text[end - 1] == ':')
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        return start < end && (start == 0 || !IsWordChar(text[start - 1])) ? text[start..end].ToLowerInvariant() : null;
    }

    /// <summary>Whether <paramref name="at"/> is inside a fenced code block or an inline code span of its line.</summary>
    private static bool InCode(string text, int at)
    {
        var fences = 0;
        for (var fence = text.IndexOf("```", StringComparison.Ordinal); fence >= 0 && fence < at; fence = text.IndexOf("```", fence + 3, StringComparison.Ordinal))
        {
            fences++;
        }

        if (fences % 2 == 1)
        {
            return true;
        }

        var lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
        var ticks = 0;
        for (var i = lineStart; i < at; i++)
        {
            ticks += text[i] == '`' ? 1 : 0;
        }

        return ticks % 2 == 1;
    }

    /// <summary>Whether <paramref name="at"/> is inside a whitespace-delimited token that is a URL.</summary>
    private static bool InUrl(string text, int at)
    {
        var start = at;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        var token = text.AsSpan(start, at - start);
        return token.Contains("://", StringComparison.Ordinal) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where a text came from in words, as item outcomes say it (the SDK's one naming: its origin, else its source).</summary>
    private static string SourceName(EventText text) => new TicketKeyLocation(string.Empty, text.Source) { Origin = text.Origin }.SourceName;

    private static bool IsWordChar(char c) => char.IsLetter(c) || char.IsNumber(c) || c == '_';
}
