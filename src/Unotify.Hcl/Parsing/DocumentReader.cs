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
        if (!Utf8.IsValid(content))
        {
            Utf8.ToUtf16(content, new char[content.Length], out var validBytes, out _, replaceInvalidSequences: false);
            return InvalidEncoding(content, validBytes, bom, fileName);
        }

        return Read(Encoding.UTF8.GetString(content), fileName, bom);
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

        var offset = Math.Clamp(error.ErrorOffset, 0, session.Text.Length);
        var found = error.EOF || !error.Unexpected.HasValue ? "the end of the file" : Describe(error.Unexpected.Value);
        var (summary, at) = Diagnose(expected, error, session, offset);
        var message = error.Message ?? $"{summary}; expected {expected}, but found {found}.";
        return new HclParseError(fileName, session.Positions.At(at), expected, message);
    }

    /// <summary>
    /// hclsyntax's name for the mistake, chosen by what was expected, and where hclsyntax reports it: at the
    /// unexpected token, except for a bracket left open at the end of the file (at the opener) and a name not
    /// followed by <c>=</c> or a block (at the name).
    /// </summary>
    private static (string Summary, int Offset) Diagnose(string expected, ParseError<char> error, ParseSession session, int offset)
    {
        if (error.EOF && session.UnclosedOpener is var (openerOffset, kind))
        {
            var (closer, summary) = kind switch
            {
                OpenerKind.Block => ("\"}\"", "Unclosed configuration block: there is no closing brace for this block before the end of the file"),
                OpenerKind.Tuple => ("\"]\"", "Unterminated tuple constructor expression: there is no closing bracket before the end of the file"),
                OpenerKind.Object => ("\"}\"", "Unterminated object constructor expression: there is no closing brace before the end of the file"),
                _ => ("\")\"", "Unterminated function call: there is no closing parenthesis for this function call before the end of the file"),
            };
            if (expected.Contains(closer, StringComparison.Ordinal))
            {
                return (summary, openerOffset);
            }
        }

        var foundComma = error.Unexpected.HasValue && error.Unexpected.Value == ',';
        return expected switch
        {
            "\"=\" or block label or \"{\"" => ("Argument or block definition required: to set an argument, use the equals sign \"=\" to introduce the argument value", StartOfNameBefore(session.Text, offset)),
            "\"=\"" => ("Argument definition required: a single-line block definition can contain only a single argument", StartOfNameBefore(session.Text, offset)),
            "newline" when foundComma => ("Unexpected comma after argument: argument definitions must be separated by newlines, not commas", offset),
            "newline" => ("Missing newline after argument or block definition", offset),
            _ when expected.Contains("expression", StringComparison.Ordinal) => (error.EOF ? "Missing expression" : "Invalid expression", offset),
            _ when expected.Contains("argument or block definition", StringComparison.Ordinal) => ("Argument or block definition required", offset),
            "\",\" or \"]\"" => ("Missing item separator", offset),
            "\",\" or \"}\" or newline" => ("Missing attribute separator", offset),
            "\")\" or \",\" or \"...\"" => ("Missing argument separator", offset),
            "\"=\" or \":\"" => ("Missing key/value separator", offset),
            "\"{\"" or "block label or \"{\"" or "newline, \"}\" or argument definition" => ("Invalid block definition", offset),
            "\"}\" right after the single-line block's argument" => ("Invalid single-argument block definition", offset),
            "\"}\"" => ("Missing closing brace", offset),
            "\":\"" => ("Missing false expression in conditional", offset),
            "attribute name" => ("Invalid attribute name", offset),
            "\")\"" => ("Unbalanced parentheses", offset),
            Functions.ClosingAfterExpansion => ("Missing closing parenthesis: an expanded function argument (with ...) must be immediately followed by the closing parenthesis", StartOfEllipsisBefore(session.Text, offset)),
            "\"]\"" => ("Missing close bracket on index", offset),
            _ when expected.StartsWith("\"}\" ending", StringComparison.Ordinal) => ("Extra characters in template sequence", offset),
            _ => ("Invalid syntax", offset),
        };
    }

    /// <summary>Where the <c>...</c> just before <paramref name="offset"/> (and any space after it) starts.</summary>
    private static int StartOfEllipsisBefore(string text, int offset)
    {
        var i = offset;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return i >= 3 && text.AsSpan(i - 3, 3).SequenceEqual("...") ? i - 3 : offset;
    }

    /// <summary>Where the identifier just before <paramref name="offset"/> (and any spaces after it) starts.</summary>
    private static int StartOfNameBefore(string text, int offset)
    {
        var i = offset;
        while (i > 0 && text[i - 1] is ' ' or '\t')
        {
            i--;
        }

        var end = i;
        while (i > 0 && CharClass.IsIdentifierPart(text[i - 1]))
        {
            i--;
        }

        return i < end ? i : offset;
    }

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
