using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac;

/// <summary>
/// Reads the texts that may name tickets from a body of any content: the strings at <c>text_fields</c> when the body
/// is JSON, none otherwise. The body itself becomes the event's payload as it is.
/// </summary>
/// <remarks>
/// One pass of a <see cref="Utf8JsonReader"/>, which checks the whole body is one valid JSON value as it goes, and
/// steps over every value no text field leads into. Not a <see cref="JsonDocument"/>: a document indexes every token
/// of the body in an array rented from the shared pool, as large as the body (32 MB for a 25 MB body), which the pool
/// then keeps (bench/README.md, "Large bodies"). A property named twice is read as a document reads it: the last one
/// wins, and an object named twice is read whole from its last occurrence.
/// </remarks>
internal static class HmacPayload
{
    private const int MaxDepth = 128;

    /// <summary>The texts found at <paramref name="textFields"/> (in their order), or none when the body is not JSON.</summary>
    public static IReadOnlyList<EventText> Texts(ReadOnlyMemory<byte> body, IReadOnlyList<string> textFields)
    {
        if (textFields.Count == 0 || !System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return []; // nothing asked for, or not JSON (JSON is UTF-8)
        }

        var paths = textFields.Select(field => field.Split('.')).ToArray();
        var values = new string?[paths.Length];
        if (!TryRead(body.Span, paths, values))
        {
            return []; // not JSON: a body of another kind has no text fields
        }

        var texts = new List<EventText>();
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                texts.Add(new EventText(TextSource.Other, value));
            }
        }

        return texts;
    }

    /// <summary>Fills <paramref name="values"/> with the string at each of <paramref name="paths"/>; <see langword="false"/> when <paramref name="json"/> is not one valid JSON value.</summary>
    private static bool TryRead(ReadOnlySpan<byte> json, string[][] paths, string?[] values)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref reader, paths, values, []);
            }
            else
            {
                reader.Skip();
            }

            while (reader.Read())
            {
                // A second value after the first throws: the body must be one JSON value.
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the object the reader is at the start of, whose properties are at <paramref name="prefix"/>, to its end.</summary>
    private static void ReadObject(ref Utf8JsonReader reader, string[][] paths, string?[] values, List<string> prefix)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            prefix.Add(reader.GetString()!);
            reader.Read();
            var descend = false;
            for (var i = 0; i < paths.Length; i++)
            {
                if (!Leads(prefix, paths[i]))
                {
                    continue;
                }

                // Named again: what an earlier occurrence of this property said no longer counts.
                values[i] = null;
                if (paths[i].Length == prefix.Count)
                {
                    values[i] = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    descend |= reader.TokenType == JsonTokenType.StartObject;
                }
            }

            if (descend)
            {
                ReadObject(ref reader, paths, values, prefix);
            }
            else
            {
                reader.Skip();
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>Whether <paramref name="path"/> starts with the property names <paramref name="prefix"/>.</summary>
    private static bool Leads(List<string> prefix, string[] path)
    {
        if (prefix.Count > path.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(prefix[i], path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
