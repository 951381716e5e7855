namespace Unotify.Hcl;

/// <summary>
/// Parses HCL's native syntax (what HashiCorp's hclsyntax reads) into an <see cref="HclDocument"/>, keeping
/// expressions unevaluated. Any input is safe: the only failure is an <see cref="HclParseError"/>.
/// </summary>
public static class HclParser
{
    /// <summary>Parses text; throws <see cref="HclParseException"/> (and nothing else) when it is not valid HCL.</summary>
    public static HclDocument Parse(string text, string fileName)
    {
        var result = TryParse(text, fileName);
        return result.IsSuccess ? result.Document : throw new HclParseException(result.Error);
    }

    /// <summary>Parses UTF-8 bytes (a BOM is accepted); throws <see cref="HclParseException"/> when they are not valid HCL.</summary>
    public static HclDocument Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        var result = TryParse(utf8, fileName);
        return result.IsSuccess ? result.Document : throw new HclParseException(result.Error);
    }

    /// <summary>Parses text, returning the document or the first error.</summary>
    public static HclParseResult TryParse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return DocumentReader.Read(text, fileName, byteOffsetOfText: 0);
    }

    /// <summary>Parses UTF-8 bytes (a BOM is accepted), returning the document or the first error.</summary>
    public static HclParseResult TryParse(ReadOnlySpan<byte> utf8, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return DocumentReader.Read(utf8, fileName);
    }
}
