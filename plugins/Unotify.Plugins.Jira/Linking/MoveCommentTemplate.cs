using System.Text;

namespace Unotify.Plugins.Jira;

/// <summary>
/// The text of the comment added when a ticket moves (<c>comment_on_move: true</c>), from the <c>move_comment</c>
/// setting: literal text with placeholders in braces, <c>{{</c> and <c>}}</c> for a brace itself.
/// </summary>
/// <remarks>Parsed once at start-up, so a template with a mistake stops the host with its column.</remarks>
internal sealed class MoveCommentTemplate
{
    /// <summary>The template used when none is set: <c>Moved To Do → In Progress by PR #42</c>.</summary>
    public const string DefaultText = "Moved {from} → {to} by {ref}";

    /// <summary>The placeholders, each with what it stands for.</summary>
    public static readonly IReadOnlyDictionary<string, Func<MoveCommentValues, string?>> Placeholders = new Dictionary<string, Func<MoveCommentValues, string?>>(StringComparer.Ordinal)
    {
        ["key"] = values => values.Key,
        ["from"] = values => values.From,
        ["to"] = values => values.To,
        ["ref"] = values => values.Reference?.Name,
        ["title"] = values => values.Reference?.Title,
        ["url"] = values => values.Reference?.Url,
        ["author"] = values => values.Reference?.Author,
    };

    private readonly IReadOnlyList<(string? Literal, Func<MoveCommentValues, string?>? Value)> _parts;

    private MoveCommentTemplate(IReadOnlyList<(string?, Func<MoveCommentValues, string?>?)> parts) => _parts = parts;

    /// <summary>The default template.</summary>
    public static MoveCommentTemplate Default { get; } = Parse(DefaultText, out _)!;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The template.</param>
    /// <param name="error">What is wrong and at which column (1-based), when it returns <see langword="null"/>.</param>
    /// <returns>The template, or <see langword="null"/> with <paramref name="error"/>.</returns>
    public static MoveCommentTemplate? Parse(string text, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string?, Func<MoveCommentValues, string?>?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                error = $"a '}}' at column {i + 1} closes nothing; write '}}}}' for a brace";
                return null;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                error = $"the '{{' at column {i + 1} is not closed; write '{{{{' for a brace";
                return null;
            }

            var name = text[(i + 1)..end];
            if (!Placeholders.TryGetValue(name, out var value))
            {
                error = $"{{{name}}} at column {i + 1} is not a placeholder; use {string.Join(", ", Placeholders.Keys.Select(k => $"{{{k}}}"))}";
                return null;
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), null));
                literal.Clear();
            }

            parts.Add((null, value));
            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), null));
        }

        error = string.Empty;
        return new MoveCommentTemplate(parts);
    }

    /// <summary>The comment for <paramref name="values"/>; a placeholder with no value (no author) reads as nothing.</summary>
    public string Render(MoveCommentValues values)
    {
        var text = new StringBuilder();
        foreach (var (literal, value) in _parts)
        {
            text.Append(literal ?? value!(values));
        }

        return text.ToString().Trim();
    }
}
