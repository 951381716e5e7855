using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Unotify.Hcl;

/// <summary>
/// Canonical JSON for a parsed document, for diffing and for <c>unotify hcl FILE</c>:
/// a body is <c>{"attributes": {name: value}, "blocks": [{"type", "labels", "body"}]}</c> with attribute names
/// sorted (ordinal) and blocks in source order. Constant values are plain JSON (numbers written with their exact
/// digits, object keys sorted); any other expression is <c>{"expr": "its source text"}</c>.
/// </summary>
public static class HclJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 4 * (ParseSession.MaxDepth + 8),
    };

    /// <summary>The document as indented JSON.</summary>
    public static string Serialize(HclDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteBody(writer, document.Body);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>One expression as JSON: its constant value, or <c>{"expr": "source text"}</c>.</summary>
    public static void WriteExpression(Utf8JsonWriter writer, HclExpression expression)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.TryGetConstant(out var value))
        {
            WriteValue(writer, value);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("expr", expression.SourceText);
        writer.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter writer, HclBody body)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("attributes");
        foreach (var attribute in body.Attributes.OrderBy(attribute => attribute.Name, StringComparer.Ordinal))
        {
            writer.WritePropertyName(attribute.Name);
            WriteExpression(writer, attribute.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("blocks");
        foreach (var block in body.Blocks)
        {
            writer.WriteStartObject();
            writer.WriteString("type", block.Type);
            writer.WriteStartArray("labels");
            foreach (var label in block.Labels)
            {
                writer.WriteStringValue(label.Value);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("body");
            WriteBody(writer, block.Body);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, HclValue value)
    {
        switch (value)
        {
            case HclStringValue text:
                writer.WriteStringValue(text.Value);
                break;
            case HclNumberValue number:
                writer.WriteRawValue(JsonNumberText.From(number.Text));
                break;
            case HclBoolValue flag:
                writer.WriteBooleanValue(flag.Value);
                break;
            case HclNullValue:
                writer.WriteNullValue();
                break;
            case HclTupleValue tuple:
                writer.WriteStartArray();
                foreach (var item in tuple.Items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case HclObjectValue obj:
                writer.WriteStartObject();
                foreach (var (key, member) in obj.Members.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, member);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value, "unknown HCL value kind");
        }
    }
}
