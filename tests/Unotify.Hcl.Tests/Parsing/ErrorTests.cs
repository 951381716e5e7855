using System.Text;
using Unotify.Hcl;

namespace Unotify.Hcl.Tests.Parsing;

public sealed class ErrorTests
{
    public static TheoryData<string, int, int, string, string> SyntaxErrors => new()
    {
        { "a = 1 2", 1, 7, "newline", "Missing newline after argument or block definition; expected newline, but found \"2\"." },
        { "a = 1, b = 2", 1, 6, "newline", "Unexpected comma after argument" },
        { "\"a\" = 1", 1, 1, "argument or block definition", "Argument or block definition required; expected argument or block definition, but found a quote (\")." },
        { "a", 1, 1, "\"=\" or block label or \"{\"", "Argument or block definition required: to set an argument, use the equals sign \"=\"" },
        { "a = ", 1, 5, "expression", "Missing expression; expected expression, but found the end of the file." },
        { "a = )", 1, 5, "expression", "Invalid expression; expected expression, but found \")\"." },
        { "a = 1 +\n  2", 1, 8, "expression", "Invalid expression; expected expression, but found a newline." },
        { "b \"x\" = 1", 1, 7, "\"{\"", "Invalid block definition" },
        { "b \"x\"\n{\n}", 1, 6, "\"{\"", "Invalid block definition; expected \"{\", but found a newline." },
        { "b {\n  a = 1", 1, 3, "\"}\"", "Unclosed configuration block" },
        { "b { a = 1, c = 2 }", 1, 10, "\"}\" right after the single-line block's argument", "Invalid single-argument block definition" },
        { "b { c {} }", 1, 5, "\"=\"", "Argument definition required" },
        { "b {} x = 1", 1, 6, "newline", "Missing newline after argument or block definition" },
        { "a = [1 2]", 1, 8, "\",\" or \"]\"", "Missing item separator" },
        { "a = [1, 2", 1, 5, "\",\" or \"]\"", "Unterminated tuple constructor expression" },
        { "a = {a = 1 b = 2}", 1, 12, "\",\" or \"}\" or newline", "Missing attribute separator" },
        { "a = {\n  b = 1\n", 3, 1, "expression", "Missing expression" },
        { "a = { b = 1", 1, 5, "\",\" or \"}\" or newline", "Unterminated object constructor expression" },
        { "a = [1,", 1, 8, "expression", "Missing expression" },
        { "a = { a }", 1, 9, "\"=\" or \":\"", "Missing key/value separator" },
        { "a = f(1 2)", 1, 9, "\")\" or \",\" or \"...\"", "Missing argument separator" },
        { "a = f(1,\n", 2, 1, "expression", "Missing expression" },
        { "a = f(1\n", 1, 5, "\")\" or \",\" or \"...\"", "Unterminated function call" },
        { "a = f(a..., b)", 1, 8, "\")\" right after the expanded argument", "Missing closing parenthesis" },
        { "a = (1 2)", 1, 8, "\")\"", "Unbalanced parentheses" },
        { "a = x.", 1, 7, "attribute name", "Invalid attribute name" },
        { "a = x[1", 1, 8, "\"]\"", "Missing close bracket on index" },
        { "a = x ? 1", 1, 10, "\":\"", "Missing false expression in conditional" },
        { "a = \"abc", 1, 9, "\"\\\"\"", "Unterminated template string" },
        { "a = \"abc\nb = 1", 1, 9, "\"\\\"\"", "Unterminated template string: a quoted string must be closed on the line it starts" },
        { "a = \"\\q\"", 1, 6, "one of \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN", "Invalid escape sequence: the symbol \"q\" is not a valid escape sequence selector." },
        { "a = \"\\u12\"", 1, 6, "\\u and 4 hexadecimal digits of a Unicode scalar value", "Invalid escape sequence" },
        { "a = \"\\uD800\"", 1, 6, "\\u and 4 hexadecimal digits of a Unicode scalar value", "Invalid escape sequence" },
        { "a = \"${x y}\"", 1, 10, "\"}\" ending the interpolation", "Extra characters in template sequence" },
        { "a = \"%{ if x }y\"", 1, 6, "%{ endif }", "Unterminated template if directive" },
        { "a = \"%{ endif }\"", 1, 6, "template text, ${ … } or %{ if }/%{ for }", "Unexpected endif directive" },
        { "a = \"%{ for x in y }%{ endif }\"", 1, 21, "%{ endfor }", "Unexpected endif directive" },
        { "a = \"%{ bogus }\"", 1, 9, "template directive (if, else, endif, for, endfor)", "Invalid syntax" },
        { "a = <<EOT\nnever closed", 2, 13, "\"EOT\"", "Unterminated template string: the heredoc has no closing \"EOT\" line" },
        { "a = <<EOT x\nEOT", 1, 10, "newline after the heredoc marker", "Invalid syntax" },
        { "a = 1\na = 2", 2, 1, "an attribute name other than \"a\"", "Attribute redefined: the argument \"a\" was already set at test.hcl:1,1. Each argument may be set only once." },
        { "b {\n  x = 1\n  y = 2\n  x = 3\n}", 4, 3, "an attribute name other than \"x\"", "Attribute redefined: the argument \"x\" was already set at test.hcl:2,3." },
        { "a = 1 /* open", 1, 7, "\"*/\"", "Unterminated comment" },
        { "b \"${x}\" {\n}", 1, 4, "a plain string", "Invalid block label" },
        { "a = x.0.1", 1, 7, "a whole-number index", "Invalid legacy index syntax" },
        { "a = 1 & 2", 1, 7, "newline", "Missing newline after argument or block definition" },
        { "a = fn::x", 1, 10, "\"(\"", "Missing open parenthesis" },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void Reports_one_error_with_its_position_and_what_was_expected(string text, int line, int column, string expected, string message)
    {
        var error = HclText.Error(text);

        error.Should().BeEquivalentTo(new { FileName = "test.hcl", Line = line, Column = column, Expected = expected });
        error.Message.Should().StartWith(message);
    }

    [Fact]
    public void The_exception_formats_as_file_line_column_message()
    {
        var act = () => HclParser.Parse("a = 1\nb = [1 2]\n", "machines/soc.hcl");

        var exception = act.Should().Throw<HclParseException>().Which;
        exception.Message.Should().Be("machines/soc.hcl:2:8: Missing item separator; expected \",\" or \"]\", but found \"2\".");
        exception.Should().BeEquivalentTo(new { FileName = "machines/soc.hcl", Line = 2, Column = 8, Offset = 13, Expected = "\",\" or \"]\"" });
    }

    [Fact]
    public void Columns_count_characters_and_offsets_count_utf8_bytes()
    {
        var error = HclText.Error("a = \"é😀\" 2");

        error.Position.Should().Be(new SourcePosition(1, 10, 13));
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("a = 1\nb = \"x").Concat(new byte[] { 0xC3, 0x28, (byte)'"' }).ToArray();

        var result = HclParser.TryParse(bytes, "bad.hcl");

        result.Error.Should().BeEquivalentTo(new { Line = 2, Column = 7, Offset = 12, Expected = "UTF-8 text" });
        result.Error!.Message.Should().StartWith("Invalid character encoding: byte 0xC3 is not valid UTF-8");
    }

    [Fact]
    public void A_syntax_error_is_reported_rather_than_an_earlier_duplicate_attribute()
    {
        var error = HclText.Error("a = 1\na = 2\nb = [\n");

        error.Line.Should().Be(4);
        error.Message.Should().StartWith("Missing expression");
    }
}
