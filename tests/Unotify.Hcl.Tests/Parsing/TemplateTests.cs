using Unotify.Hcl;

namespace Unotify.Hcl.Tests.Parsing;

public sealed class TemplateTests
{
    [Theory]
    [InlineData("""
        "a\nb"
        """, "\"a\\nb\"")]
    [InlineData("""
        "tab\tcr\r"
        """, "\"tab\\tcr\\r\"")]
    [InlineData("""
        "q\"b\\"
        """, "\"q\\\"b\\\\\"")]
    [InlineData("""
        "$${literal} %%{also}"
        """, "\"${literal} %{also}\"")]
    [InlineData("""
        "a $ b % c"
        """, "\"a $ b % c\"")]
    [InlineData("""
        ""
        """, "\"\"")]
    public void Quoted_strings_apply_every_escape(string expression, string json)
    {
        HclText.Value(expression).Should().Be(json);
    }

    [Fact]
    public void Unicode_escapes_name_any_scalar_value()
    {
        HclText.Expression("\"\\u00e9\\U0001F600\"").TryGetString(out var text).Should().BeTrue();
        text.Should().Be("é😀");
    }

    [Fact]
    public void String_literals_are_normalized_to_NFC_like_hclsyntax()
    {
        HclText.Expression("\"an\\u0303o\"").TryGetString(out var escaped).Should().BeTrue();
        HclText.Expression("\"an\u0303o\"").TryGetString(out var typed).Should().BeTrue();

        escaped.Should().Be("a\u00f1o").And.HaveLength(3);
        typed.Should().Be("a\u00f1o");
    }

    [Fact]
    public void Heredoc_and_interpolated_literals_are_normalized_to_NFC_too()
    {
        HclText.Expression("<<EOT\nan\u0303o\nEOT\n").TryGetString(out var heredoc).Should().BeTrue();
        var template = (HclTemplateExpression)HclText.Expression("\"an\u0303o ${x}\"");

        heredoc.Should().Be("a\u00f1o\n");
        template.Parts[0].Should().BeOfType<HclTemplateLiteral>().Which.Value.Should().Be("a\u00f1o ");
    }

    [Fact]
    public void Interpolations_and_directives_become_template_parts()
    {
        var template = (HclTemplateExpression)HclText.Expression("\"Hi ${name}! %{ if admin }(admin)%{ else }(user)%{ endif }\"");

        template.Parts.Should().HaveCount(4);
        template.Parts[0].Should().BeOfType<HclTemplateLiteral>().Which.Value.Should().Be("Hi ");
        template.Parts[1].Should().BeOfType<HclTemplateInterpolation>().Which.Expression.SourceText.Should().Be("name");
        template.Parts[2].Should().BeOfType<HclTemplateLiteral>().Which.Value.Should().Be("! ");
        var condition = template.Parts[3].Should().BeOfType<HclTemplateIf>().Subject;
        condition.Condition.SourceText.Should().Be("admin");
        condition.Then.Should().ContainSingle().Which.Should().BeOfType<HclTemplateLiteral>().Which.Value.Should().Be("(admin)");
        condition.Else.Should().ContainSingle().Which.Should().BeOfType<HclTemplateLiteral>().Which.Value.Should().Be("(user)");
    }

    [Fact]
    public void For_directives_nest_their_body()
    {
        var template = (HclTemplateExpression)HclText.Expression("\"%{ for k, v in m }${k}=${v};%{ endfor }\"");

        var loop = template.Parts.Should().ContainSingle().Which.Should().BeOfType<HclTemplateFor>().Subject;
        loop.KeyVariable.Should().Be("k");
        loop.ValueVariable.Should().Be("v");
        loop.Collection.SourceText.Should().Be("m");
        loop.Body.Should().HaveCount(4);
    }

    [Fact]
    public void Strip_markers_trim_the_neighbouring_literal_white_space()
    {
        var template = (HclTemplateExpression)HclText.Expression("\"a   ${~ x ~}   b\"");

        template.Parts.OfType<HclTemplateLiteral>().Select(part => part.Value).Should().Equal("a", "b");
        template.Parts[1].Should().BeOfType<HclTemplateInterpolation>().Which.StripBefore.Should().BeTrue();
    }

    [Fact]
    public void Heredocs_keep_their_lines()
    {
        HclText.Value("<<EOT\n  first\n    second\nEOT").Should().Be("\"  first\\n    second\\n\"");
        HclText.Value("<<EOT\nEOT").Should().Be("\"\"");
        HclText.Value("<<EOT\nno \\n escapes in heredocs, but $${this}\nEOT").Should().Be("\"no \\\\n escapes in heredocs, but ${this}\\n\"");
    }

    [Fact]
    public void Flush_heredocs_remove_the_common_indentation_ignoring_blank_lines()
    {
        HclText.Value("<<-EOT\n    first\n\n      second\n    EOT").Should().Be("\"first\\n\\n  second\\n\"");
    }

    [Fact]
    public void Heredocs_can_interpolate_and_are_then_expressions()
    {
        var template = (HclTemplateExpression)HclText.Expression("<<-EOT\n  hello ${name}\n  EOT");

        template.IsHeredoc.Should().BeTrue();
        template.Parts.Select(part => part is HclTemplateLiteral literal ? literal.Value : "${}").Should().Equal("hello ", "${}", "\n");
    }

    [Fact]
    public void Heredocs_end_at_a_marker_line_that_may_be_indented()
    {
        var document = HclText.Parse("a = <<EOT\nEOTX\n  EOT\nb = 1\n");

        document.Body.Attributes.Select(attribute => attribute.Name).Should().Equal("a", "b");
        document.Body.Attributes[0].Value.TryGetString(out var text).Should().BeTrue();
        text.Should().Be("EOTX\n");
    }

    [Fact]
    public void Quoted_block_labels_apply_escapes()
    {
        HclText.Parse("b \"tab\\there\" {\n}\n").Body.Blocks[0].Labels[0].Value.Should().Be("tab\there");
    }
}
