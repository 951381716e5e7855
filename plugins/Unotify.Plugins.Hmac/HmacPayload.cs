using System.Text;
using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac;

/// <summary>
/// Reads a body of any content: JSON is kept as it is (with the strings at <c>text_fields</c> as texts); anything
/// else becomes one JSON string, so <see cref="WebhookEvent.RawJson"/> is always JSON.
/// </summary>
internal static class HmacPayload
{
    private static readonly JsonDocumentOptions _jsonOptions = new() { MaxDepth = 128 };

    /// <summary>The body as JSON text and the texts found at <paramref name="textFields"/>.</summary>
    public static (string RawJson, IReadOnlyList<EventText> Texts) Read(ReadOnlyMemory<byte> body, IReadOnlyList<string> textFields)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            // Not JSON (JSON is UTF-8), and its strings could not be read: kept as one string, invalid bytes replaced.
            return (JsonSerializer.Serialize(text), []);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, _jsonOptions);
        }
        catch (JsonException)
        {
            return (JsonSerializer.Serialize(text), []);
        }

        using (document)
        {
            var texts = new List<EventText>();
            foreach (var field in textFields)
            {
                if (Find(document.RootElement, field) is { } value && !string.IsNullOrWhiteSpace(value))
                {
                    texts.Add(new EventText(TextSource.Other, value));
                }
            }

            return (text, texts);
        }
    }

    private static string? Find(JsonElement root, string dottedPath)
    {
        var current = root;
        foreach (var name in dottedPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }
}
