using System.Text;
using Unotify.Hcl;

namespace Unotify.Hcl.Tests.Parsing;

public sealed class BodyTests
{
    [Fact]
    public void An_empty_file_is_an_empty_body()
    {
        HclText.Json("").Should().Be("""{"attributes":{},"blocks":[]}""");
        HclText.Json("\n\n  # only a comment\n").Should().Be("""{"attributes":{},"blocks":[]}""");
    }

    [Fact]
    public void Attributes_are_written_sorted_by_name_and_blocks_in_source_order()
    {
        var json = HclText.Json("""
            zeta = 1
            alpha = "a"
            second "x" {
            }
            first {
              inner = true
            }
            """);

        json.Should().Be(HclText.Compact("""
            {"attributes":{"alpha":"a","zeta":1},
             "blocks":[
               {"type":"second","labels":["x"],"body":{"attributes":{},"blocks":[]}},
               {"type":"first","labels":[],"body":{"attributes":{"inner":true},"blocks":[]}}]}
            """));
    }

    [Fact]
    public void Blocks_take_any_number_of_quoted_or_bare_labels()
    {
        var block = HclText.Parse("resource \"aws instance\" web other {\n}\n").Body.Blocks[0];

        block.Type.Should().Be("resource");
        block.Labels.Should().Equal(
            new HclBlockLabel("aws instance", true, Range(1, 10, 9, 1, 24, 23)),
            new HclBlockLabel("web", false, Range(1, 25, 24, 1, 28, 27)),
            new HclBlockLabel("other", false, Range(1, 29, 28, 1, 34, 33)));
    }

    [Fact]
    public void A_one_line_block_holds_its_single_attribute()
    {
        HclText.Json("""state "to_do" "next" { transition = "in_progress" }""").Should().Be(HclText.Compact("""
            {"attributes":{},"blocks":[{"type":"state","labels":["to_do","next"],
              "body":{"attributes":{"transition":"in_progress"},"blocks":[]}}]}
            """));
        HclText.Json("empty {}\n").Should().Be(HclText.Compact("""
            {"attributes":{},"blocks":[{"type":"empty","labels":[],"body":{"attributes":{},"blocks":[]}}]}
            """));
    }

    [Fact]
    public void Comments_of_all_three_kinds_are_ignored()
    {
        var json = HclText.Json("""
            # hash comment
            // slash comment
            a = 1 # trailing
            /* block
               comment */ b = /* inline */ 2
            c = [ # inside brackets
              3, // more
            ]
            """);

        json.Should().Be("""{"attributes":{"a":1,"b":2,"c":[3]},"blocks":[]}""");
    }

    [Fact]
    public void Identifiers_may_contain_dashes_and_underscores()
    {
        HclText.Json("my-attr_1 = x-y\n").Should().Be("""{"attributes":{"my-attr_1":{"expr":"x-y"}},"blocks":[]}""");
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_accepted()
    {
        var text = "\uFEFFa = 1\r\nb {\r\n  c = \"x\"\r\n}\r\nd = <<EOT\r\nline\r\nEOT\r\n";

        var fromString = HclJson.Serialize(HclParser.Parse(text, "crlf.hcl"));
        var fromBytes = HclJson.Serialize(HclParser.Parse(Encoding.UTF8.GetBytes(text), "crlf.hcl"));

        HclText.Compact(fromString).Should().Be(HclText.Compact("""
            {"attributes":{"a":1,"d":"line\n"},"blocks":[{"type":"b","labels":[],"body":{"attributes":{"c":"x"},"blocks":[]}}]}
            """));
        fromBytes.Should().Be(fromString);
    }

    [Fact]
    public void Positions_count_lines_and_columns_from_one_and_bytes_from_zero_after_a_bom()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFFé = 1\nb = 2\n");

        var document = HclParser.Parse(bytes, "bom.hcl");

        document.Body.Attributes[0].NameRange.Should().Be(Range(1, 1, 3, 1, 2, 5));
        document.Body.Attributes[1].NameRange.Should().Be(Range(2, 1, 10, 2, 2, 11));
        document.Body.Attributes[1].Value.Range.Should().Be(Range(2, 5, 14, 2, 6, 15));
    }

    [Fact]
    public void A_document_keeps_whole_attribute_and_block_ranges()
    {
        var document = HclText.Parse("a = [1,\n 2]\nb \"l\" {\n  c = 3\n}\n");

        var attribute = document.Body.Attributes[0];
        attribute.Range.Should().Be(Range(1, 1, 0, 2, 4, 11));
        attribute.Value.SourceText.Should().Be("[1,\n 2]");
        var block = document.Body.Blocks[0];
        block.Range.Should().Be(Range(3, 1, 12, 5, 2, 29));
        block.TypeRange.Should().Be(Range(3, 1, 12, 3, 2, 13));
        block.Body.Range.Should().Be(Range(3, 7, 18, 5, 2, 29));
        block.Body.FindAttribute("c")!.Value.SourceText.Should().Be("3");
    }

    [Fact]
    public void Parsing_the_same_text_twice_gives_equal_trees()
    {
        const string text = "a = { b = [1, \"x${y}\"] }\nblk \"l\" { c = f(1, 2...) }\n";

        HclText.Parse(text).Should().Be(HclText.Parse(text));
        HclText.Parse(text).Should().NotBe(HclText.Parse(text.Replace("1,", "2,", StringComparison.Ordinal)));
    }

    private static SourceRange Range(int line, int column, int offset, int endLine, int endColumn, int endOffset) =>
        new(new SourcePosition(line, column, offset), new SourcePosition(endLine, endColumn, endOffset));
}
