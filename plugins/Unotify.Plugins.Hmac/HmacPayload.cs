using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac;

/// <summary>
/// Reads the texts that may name tickets from a body of any content: the strings at <c>text_fields</c> when the body
/// is JSON, none otherwise. The body itself becomes the event's payload as it is.
/// </summary>
internal static class HmacPayload
{
    private static readonly JsonDocumentOptions _jsonOptions = new() { MaxDepth = 128 };

    /// <summary>The texts found at <paramref name="textFields"/>, or none when the body is not JSON.</summary>
    public static IReadOnlyList<EventText> Texts(ReadOnlyMemory<byte> body, IReadOnlyList<string> textFields)
    {
        if (textFields.Count == 0 || !System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return []; // nothing asked for, or not JSON (JSON is UTF-8)
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, _jsonOptions);
        }
        catch (JsonException)
        {
            return [];
        }

        using (document)
        {
            var texts = new List<EventText>();
            foreach (var field in textFields)
            {
                if (JsonElementPath.String(document.RootElement, field.Split('.')) is { } value && !string.IsNullOrWhiteSpace(value))
                {
                    texts.Add(new EventText(TextSource.Other, value));
                }
            }

            return texts;
        }
    }
}
