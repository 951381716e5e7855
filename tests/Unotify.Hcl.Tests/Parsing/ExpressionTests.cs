using Unotify.Hcl;

namespace Unotify.Hcl.Tests.Parsing;

public sealed class ExpressionTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("3.25", "3.25")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.5E-7", "1.5E-7")]
    [InlineData("12345678901234567890.123456789", "12345678901234567890.123456789")]
    [InlineData("007", "7")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("!true", "false")]
    public void Literals_are_constants_written_with_their_exact_digits(string expression, string json)
    {
        HclText.Value(expression).Should().Be(json);
    }

    [Fact]
    public void Numbers_keep_their_exact_decimal_text()
    {
        HclText.Expression("0.10000000000000000001").TryGetConstant(out var value).Should().BeTrue();
        value.Should().Be(new HclNumberValue("0.10000000000000000001"));
    }

    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, \"two\", [true]]", """[1,"two",[true]]""")]
    [InlineData("[\n  1,\n  2,\n]", "[1,2]")]
    [InlineData("{}", "{}")]
    [InlineData("{ a = 1, b: 2, }", """{"a":1,"b":2}""")]
    [InlineData("{\n  b = \"x\"\n  a = [1]\n}", """{"a":[1],"b":"x"}""")]
    [InlineData("{ \"quoted key\" = 1, 2 = \"two\" }", """{"2":"two","quoted key":1}""")]
    [InlineData("(\"wrapped\")", "\"wrapped\"")]
    public void Tuples_and_objects_of_constants_are_json_arrays_and_objects(string expression, string json)
    {
        HclText.Value(expression).Should().Be(json);
    }

    [Fact]
    public void A_bare_identifier_object_key_is_a_literal_string_key()
    {
        var item = ((HclObjectExpression)HclText.Expression("{ to_do = \"To Do\" }")).Items[0];

        item.Key.Should().BeOfType<HclLiteralExpression>().Which.Value.Should().Be(new HclStringValue("to_do"));
        item.Key.SourceText.Should().Be("to_do");
    }

    [Theory]
    [InlineData("var.name")]
    [InlineData("local.list[0]")]
    [InlineData("a.b.c")]
    [InlineData("upper(\"x\")")]
    [InlineData("provider::ns::fn(1)")]
    [InlineData("x + 1")]
    [InlineData("a ? \"b\" : \"c\"")]
    [InlineData("[for v in list : v]")]
    [InlineData("\"hello ${name}\"")]
    [InlineData("{ key = var.x }")]
    public void Expressions_that_need_variables_or_functions_are_written_as_their_source(string expression)
    {
        HclText.Value(expression).Should().Be(new System.Text.Json.Nodes.JsonObject { ["expr"] = expression }.ToJsonString(HclText.Relaxed));
    }

    [Fact]
    public void Binary_operators_follow_hcl_precedence_and_group_to_the_left()
    {
        var expression = HclText.Expression("a || b && c == d + e * f - g");

        Shape(expression).Should().Be("(a || (b && (c == ((d + (e * f)) - g))))");
        Shape(HclText.Expression("1 - 2 - 3")).Should().Be("((1 - 2) - 3)");
        Shape(HclText.Expression("a < b != c >= d")).Should().Be("((a < b) != (c >= d))");
        Shape(HclText.Expression("x % 2 / 3 <= 4 > 5")).Should().Be("((((x % 2) / 3) <= 4) > 5)");
    }

    [Fact]
    public void Prefix_operators_bind_tighter_than_binary_ones()
    {
        Shape(HclText.Expression("-a * !b")).Should().Be("((-a) * (!b))");
        Shape(HclText.Expression("--x.y")).Should().Be("(-(-x.y))");
    }

    [Fact]
    public void Conditionals_nest_to_the_right()
    {
        Shape(HclText.Expression("a ? b : c ? d : e")).Should().Be("(a ? b : (c ? d : e))");
        Shape(HclText.Expression("a == 1 ? (b) : c")).Should().Be("((a == 1) ? (b) : c)");
    }

    [Fact]
    public void Function_calls_keep_arguments_and_expansion()
    {
        var call = HclText.Expression("merge(\n  a,\n  [b],\n  rest...\n)").Should().BeOfType<HclFunctionCallExpression>().Subject;

        call.Name.Should().Be("merge");
        call.Arguments.Select(Shape).Should().Equal("a", "[b]", "rest");
        call.ExpandFinalArgument.Should().BeTrue();
        ((HclFunctionCallExpression)HclText.Expression("f(1, 2,)")).Arguments.Should().HaveCount(2);
        ((HclFunctionCallExpression)HclText.Expression("f()")).Arguments.Should().BeEmpty();
        ((HclFunctionCallExpression)HclText.Expression("provider::aws::arn(x)")).Name.Should().Be("provider::aws::arn");
    }

    [Fact]
    public void Traversals_index_and_splats_are_kept()
    {
        Shape(HclText.Expression("a.b[0][\"k\"].c")).Should().Be("a.b[0][\"k\"].c");
        Shape(HclText.Expression("list.0.name")).Should().Be("list[0].name");

        var attributeSplat = HclText.Expression("a.*.b.c[0]").Should().BeOfType<HclIndexExpression>().Subject;
        attributeSplat.Source.Should().BeOfType<HclSplatExpression>().Which.IsFullSplat.Should().BeFalse();
        Shape(attributeSplat).Should().Be("splat(a, *.b.c)[0]");

        Shape(HclText.Expression("a[*].b[0]")).Should().Be("splat[*](a, *.b[0])");
    }

    [Fact]
    public void For_expressions_build_tuples_and_objects()
    {
        var tuple = HclText.Expression("[for i, v in list : upper(v) if i > 0]").Should().BeOfType<HclForExpression>().Subject;
        tuple.KeyVariable.Should().Be("i");
        tuple.ValueVariable.Should().Be("v");
        tuple.IsObject.Should().BeFalse();
        Shape(tuple.Condition!).Should().Be("(i > 0)");

        var obj = HclText.Expression("{\n  for k, v in map :\n  k => v...\n  if v != null\n}").Should().BeOfType<HclForExpression>().Subject;
        obj.IsObject.Should().BeTrue();
        obj.Grouping.Should().BeTrue();
        Shape(obj.KeyResult!).Should().Be("k");

        var noKey = (HclForExpression)HclText.Expression("[for v in list : v]");
        noKey.KeyVariable.Should().BeNull();
        noKey.Condition.Should().BeNull();
    }

    [Fact]
    public void Every_node_records_its_exact_source_text()
    {
        var expression = (HclBinaryExpression)HclText.Expression("f(x)  +  [1,2][0]");

        expression.SourceText.Should().Be("f(x)  +  [1,2][0]");
        expression.Left.SourceText.Should().Be("f(x)");
        expression.Right.SourceText.Should().Be("[1,2][0]");
        ((HclIndexExpression)expression.Right).Source.SourceText.Should().Be("[1,2]");
    }

    [Fact]
    public void A_tuple_parses_to_the_whole_expected_tree()
    {
        var expected = new HclTupleExpression(
            [
                new HclVariableExpression("x", Range(6, 7)) { SourceText = "x" },
                new HclFunctionCallExpression(
                    "f",
                    [new HclLiteralExpression(new HclNumberValue("1"), Range(11, 12)) { SourceText = "1" }],
                    false,
                    Range(9, 13)) { SourceText = "f(1)" },
                new HclTemplateExpression([new HclTemplateLiteral("s", Range(16, 17))], false, Range(15, 18)) { SourceText = "\"s\"" },
            ],
            Range(5, 19)) { SourceText = "[x, f(1), \"s\"]" };

        HclText.Expression("[x, f(1), \"s\"]").Should().BeEquivalentTo(expected, options => options.RespectingRuntimeTypes());
    }

    /// <summary>A range on line 1 of <c>a = …</c>, by 1-based columns (offsets are one less).</summary>
    private static SourceRange Range(int column, int endColumn) =>
        new(new SourcePosition(1, column, column - 1), new SourcePosition(1, endColumn, endColumn - 1));

    /// <summary>A compact rendering of the tree shape, to check grouping without writing whole trees.</summary>
    internal static string Shape(HclExpression expression) => expression switch
    {
        HclBinaryExpression binary => $"({Shape(binary.Left)} {BinaryOperators.Symbol(binary.Operator)} {Shape(binary.Right)})",
        HclUnaryExpression unary => $"({(unary.Operator == HclUnaryOperator.Not ? "!" : "-")}{Shape(unary.Operand)})",
        HclConditionalExpression conditional => $"({Shape(conditional.Condition)} ? {Shape(conditional.TrueResult)} : {Shape(conditional.FalseResult)})",
        HclGetAttributeExpression attribute => $"{Shape(attribute.Source)}.{attribute.Name}",
        HclIndexExpression index => $"{Shape(index.Source)}[{Shape(index.Key)}]",
        HclSplatExpression splat => $"splat{(splat.IsFullSplat ? "[*]" : string.Empty)}({Shape(splat.Source)}, {Shape(splat.Each)})",
        HclSplatItemExpression => "*",
        _ => expression.SourceText,
    };
}
