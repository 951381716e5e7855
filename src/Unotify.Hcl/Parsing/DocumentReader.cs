using System.Text;
using System.Text.Unicode;
using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Runs the grammar over one input: decodes UTF-8 (dropping a BOM), sets up the <see cref="ParseSession"/>,
/// turns the first Pidgin error or <see cref="HclSyntaxFailure"/> into one <see cref="HclParseError"/>, and
/// finally rejects a body that sets an attribute twice.
/// </summary>
internal static class DocumentReader
{
    private const int Utf8BomLength = 3;

    public static HclParseResult Read(ReadOnlySpan<byte> utf8, string fileName)
    {
        var bom = utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? Utf8BomLength : 0;
        var content = utf8[bom..];
        var chars = new char[content.Length];
        var status = Utf8.ToUtf16(content, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return InvalidEncoding(content, bytesRead, bom, fileName);
        }

        return Read(new string(chars, 0, charsWritten), fileName, bom);
    }

    public static HclParseResult Read(string text, string fileName, int byteOffsetOfText)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            return Read(text[1..], fileName, byteOffsetOfText + Utf8BomLength);
        }

        var session = ParseSession.Begin(text, byteOffsetOfText);
        try
        {
            var result = BodyGrammar.Document.Parse(text);
            if (!result.Success)
            {
                return HclParseResult.Failure(FromPidgin(result.Error!, session, fileName));
            }

            var document = new HclDocument(fileName, result.Value);
            var duplicate = DuplicateAttributes.FindFirst(document);
            return duplicate is null
                ? HclParseResult.Success(document)
                : HclParseResult.Failure(duplicate);
        }
        catch (HclSyntaxFailure failure)
        {
            return HclParseResult.Failure(new HclParseError(
                fileName,
                session.Positions.At(Math.Clamp(failure.CharOffset, 0, text.Length)),
                failure.Expected,
                failure.Message));
        }
        finally
        {
            ParseSession.End();
        }
    }

    private static HclParseResult InvalidEncoding(ReadOnlySpan<byte> content, int badByte, int bom, string fileName)
    {
        // Positions before the bad byte are exact: decode the valid prefix to count lines and columns.
        var prefix = Encoding.UTF8.GetString(content[..badByte]);
        var position = new PositionMap(prefix, bom).At(prefix.Length);
        return HclParseResult.Failure(new HclParseError(
            fileName,
            position,
            "UTF-8 text",
            $"Invalid character encoding: byte 0x{content[badByte]:X2} is not valid UTF-8; HCL files must be UTF-8 encoded."));
    }

    private static HclParseError FromPidgin(ParseError<char> error, ParseSession session, string fileName)
    {
        var expected = string.Join(
            " or ",
            error.Expected.Select(Describe).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (expected.Length == 0)
        {
            expected = "valid HCL";
        }

        var found = error.EOF || !error.Unexpected.HasValue ? "the end of the file" : Describe(error.Unexpected.Value);
        var summary = Summary(expected, error.EOF);
        var message = error.Message is { } custom
            ? custom
            : $"{summary}: expected {expected}, but found {found}.";
        var offset = Math.Clamp(error.ErrorOffset, 0, session.Text.Length);
        return new HclParseError(fileName, session.Positions.At(offset), expected, message);
    }

    /// <summary>hclsyntax's name for the mistake, chosen by what was expected.</summary>
    private static string Summary(string expected, bool atEnd) => expected switch
    {
        _ when expected.Contains("expression", StringComparison.Ordinal) => atEnd ? "Missing expression" : "Invalid expression",
        _ when expected.Contains("argument or block definition", StringComparison.Ordinal) => "Argument or block definition required",
        "newline" => "Missing newline after argument or block definition",
        "\",\" or \"]\"" => atEnd ? "Unterminated tuple constructor expression" : "Missing item separator",
        "\",\" or \"}\" or newline" => atEnd ? "Unterminated object constructor expression" : "Missing attribute separator",
        "\")\" or \",\" or \"...\"" => atEnd ? "Unterminated function call" : "Missing argument separator",
        "\"=\" or \":\"" => "Missing key/value separator",
        "\"{\"" or "\"=\" or \"{\" or block label" => "Invalid block definition",
        "\"}\" or argument definition or newline" => "Invalid block definition",
        "attribute name" => "Invalid attribute name",
        "\")\"" => "Unbalanced parentheses",
        "\"]\"" => "Missing close bracket on index",
        "\"}\"" => "Missing end of template sequence",
        _ => "Invalid syntax",
    };

    private static string Describe(Expected<char> expected)
    {
        if (expected.Label is { } label)
        {
            return label;
        }

        if (expected.IsEof)
        {
            return "end of file";
        }

        return $"\"{new string(expected.Tokens.AsSpan())}\"";
    }

    private static string Describe(char c) => c switch
    {
        '\n' or '\r' => "a newline",
        '"' => "a quote (\")",
        _ when char.IsControl(c) || char.IsSurrogate(c) => $"character U+{(int)c:X4}",
        _ => $"\"{c}\"",
    };
}
