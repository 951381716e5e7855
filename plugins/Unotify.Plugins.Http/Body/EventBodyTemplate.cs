using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// A JSON body with <c>{{name}}</c> placeholders inside its strings, for example
/// <c>{"text": "{{title}} merged in {{repository}}"}</c>, each value inserted JSON-escaped so any title or body leaves
/// the document valid (<see cref="Parse"/>); or a chat message's text, values inserted as they are (<see cref="ParseText"/>).
/// </summary>
internal sealed partial class EventBodyTemplate
{
    private readonly IReadOnlyList<(string Literal, string? Placeholder)> _parts;
    private readonly bool _json;

    private EventBodyTemplate(IReadOnlyList<(string Literal, string? Placeholder)> parts, bool json)
    {
        _parts = parts;
        _json = json;
    }

    /// <summary>Reads a message text template; <paramref name="error"/> makes the exception for an unknown placeholder.</summary>
    public static EventBodyTemplate ParseText(string text, Func<string, Exception> error) => new(Parts(text, error), json: false);

    /// <summary>Reads <paramref name="text"/>; <paramref name="error"/> makes the exception for an unknown placeholder or invalid JSON.</summary>
    public static EventBodyTemplate Parse(string text, Func<string, Exception> error)
    {
        var template = new EventBodyTemplate(Parts(text, error), json: true);
        try
        {
            using var document = JsonDocument.Parse(template.Render(_ => "x"));
        }
        catch (JsonException exception)
        {
            throw error($"is not valid JSON with its placeholders filled in ({exception.Message}); put each placeholder inside a JSON string, for example {{\"text\": \"{{{{title}}}} by {{{{actor}}}}\"}}.");
        }

        return template;
    }

    private static List<(string Literal, string? Placeholder)> Parts(string text, Func<string, Exception> error)
    {
        var parts = new List<(string, string?)>();
        var position = 0;
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            var name = match.Groups[1].Value;
            if (!EventPlaceholders.IsKnown(name))
            {
                throw error($"names {{{{{name}}}}}, which is not a placeholder; use {string.Join(", ", EventPlaceholders.Names.Select(n => "{{" + n + "}}"))}.");
            }

            parts.Add((text[position..match.Index], name));
            position = match.Index + match.Length;
        }

        parts.Add((text[position..], null));
        return parts;
    }

    /// <summary>The body for <paramref name="webhookEvent"/>, with the outcome of the worker followed when there is one.</summary>
    public string Render(WebhookEvent webhookEvent, FollowedOutcome? followed = null) => Render(name => EventPlaceholders.ValueOf(name, webhookEvent, followed));

    private string Render(Func<string, string> valueOf)
    {
        var body = new StringBuilder();
        foreach (var (literal, placeholder) in _parts)
        {
            body.Append(literal);
            if (placeholder is not null)
            {
                // The body is JSON, not HTML: only what JSON itself requires is escaped. A message text is encoded
                // where it is put into its service's JSON.
                body.Append(_json ? JsonEncodedText.Encode(valueOf(placeholder), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value : valueOf(placeholder));
            }
        }

        return body.ToString();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
