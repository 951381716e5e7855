using Pidgin;
using static Pidgin.Parser;
using static Unotify.Hcl.Lexemes;

namespace Unotify.Hcl;

/// <summary>
/// HCL expressions as Pidgin parsers, built once per newline mode: at body level and between object items a
/// newline ends an expression (<see cref="LineSensitive"/>); inside parentheses, brackets, <c>${…}</c> and
/// for-expressions newlines are plain space (<see cref="Bracketed"/>). Every parser consumes its own trailing
/// space, so a failure is reported at the start of the token that does not fit.
/// </summary>
internal sealed class ExpressionGrammar
{
    public static readonly ExpressionGrammar LineSensitive = new(newlinesAreSpace: false);
    public static readonly ExpressionGrammar Bracketed = new(newlinesAreSpace: true);

    private readonly Parser<char, Unit> _space;

    private ExpressionGrammar(bool newlinesAreSpace)
    {
        _space = newlinesAreSpace ? SpaceAndNewlines : Space;
        Expression = new DepthGuardParser<Spanned<HclExpression>>(Rec(() => ConditionalLevel()));
    }

    /// <summary>A whole expression, with its character span; consumes trailing space of this mode.</summary>
    public Parser<char, Spanned<HclExpression>> Expression { get; }

    private static ExpressionGrammar Inner => Bracketed;

    private Parser<char, T> Tok<T>(Parser<char, T> parser) => parser.Before(_space);

    private static Parser<char, T> InnerTok<T>(Parser<char, T> parser) => parser.Before(SpaceAndNewlines);

    private Parser<char, Spanned<HclExpression>> ConditionalLevel()
    {
        var operators = new OperatorExpressionParser(PostfixLevel(), _space);
        var branches = Map(
            (trueResult, falseResult) => (trueResult, falseResult),
            Tok(Char('?')).Then(Rec(() => Expression)),
            Tok(Char(':')).Then(Rec(() => Expression)));
        return Map(
            (condition, rest) => rest.HasValue
                ? Node(condition.Start, rest.Value.falseResult.End, range =>
                    new HclConditionalExpression(condition.Value, rest.Value.trueResult.Value, rest.Value.falseResult.Value, range))
                : condition,
            operators,
            branches.OptionalIf(c => c == '?'));
    }

    private Parser<char, Spanned<HclExpression>> PostfixLevel() =>
        Map(
            (term, steps) => steps.Count == 0 ? term : Traversals.Apply(term, steps),
            Term(),
            Step().RepeatWhile((next, after) => next == '[' || (next == '.' && after != '.')));

    private Parser<char, TraversalStep> Step()
    {
        var dot = Tok(Char('.'));
        var afterDot = OneOf(
            Map((name) => new TraversalStep(TraversalStepKind.Attribute, name.Value, null, 0, name.End), Identifier),
            Map((number) => new TraversalStep(TraversalStepKind.LegacyIndex, number.Value, null, 0, number.End), Number),
            Map((end) => new TraversalStep(TraversalStepKind.AttributeSplat, null, null, 0, end + 1), Offset.Before(Char('*'))))
            .Named("attribute name");
        var dotStep = Map(
            (start, step) => step with { Start = start },
            Offset.Before(dot),
            Tok(afterDot));

        var bracketContent = OneOf(
            InnerTok(Char('*')).ThenReturn((HclExpression?)null),
            Inner.Expression.Select(key => (HclExpression?)key.Value));
        var bracketStep = Map(
            (start, key, end) => key is null
                ? new TraversalStep(TraversalStepKind.FullSplat, null, null, start, end + 1)
                : new TraversalStep(TraversalStepKind.Index, null, key, start, end + 1),
            Offset.Before(InnerTok(Char('['))),
            bracketContent,
            Offset.Before(Tok(Char(']'))));
        return new FirstCharDispatchParser<TraversalStep>(
            "\".\" or \"[\"",
            (c => c == '.', dotStep),
            (c => c == '[', bracketStep));
    }

    private Parser<char, Spanned<HclExpression>> Term() =>
        new FirstCharDispatchParser<Spanned<HclExpression>>(
            "expression",
            (CharClass.IsDigit, Tok(NumberLiteral)),
            (CharClass.IsIdentifierStart, IdentifierTerm()),
            (c => c == '"', Tok(Templates.Quoted)),
            (c => c == '<', Tok(Templates.Heredoc)),
            (c => c == '(', Tok(Parentheses)),
            (c => c == '[', Tok(Collections.Tuple)),
            (c => c == '{', Tok(Collections.Object)));

    private static readonly Parser<char, Spanned<HclExpression>> NumberLiteral =
        Number.Select(number => Node(number.Start, number.End, range =>
            new HclLiteralExpression(new HclNumberValue(number.Value), range)));

    private static readonly Parser<char, Spanned<HclExpression>> Parentheses =
        Map(
            (start, inner, end) => Node(start, end + 1, range => new HclParenthesesExpression(inner.Value, range)),
            Offset.Before(InnerTok(Char('('))),
            Rec(() => Inner.Expression),
            Offset.Before(Char(')')));

    private Parser<char, Spanned<HclExpression>> IdentifierTerm()
    {
        var scopedName = Map(
            (first, rest) => rest.Aggregate(first, (name, part) => name with { Value = name.Value + "::" + part.Value, End = part.End }),
            Identifier,
            Try(String("::")).Then(Identifier).Many());
        var call = Functions.Arguments;
        return Map(
            (name, arguments) => arguments.HasValue ? Functions.Call(name, arguments.Value) : Reference(name),
            Tok(scopedName),
            Tok(call).Optional());
    }

    private static Spanned<HclExpression> Reference(Spanned<string> name) =>
        Node(name.Start, name.End, range => name.Value switch
        {
            "true" => new HclLiteralExpression(new HclBoolValue(true), range),
            "false" => new HclLiteralExpression(new HclBoolValue(false), range),
            "null" => new HclLiteralExpression(HclNullValue.Instance, range),
            _ when name.Value.Contains("::", StringComparison.Ordinal) => throw new HclSyntaxFailure(
                name.End, "\"(\"", "Missing open parenthesis: a function name with :: must be followed by ( to call it."),
            _ => (HclExpression)new HclVariableExpression(name.Value, range),
        });

    /// <summary>Builds a node from its character span: the source range and exact source text.</summary>
    public static Spanned<HclExpression> Node(int start, int end, Func<SourceRange, HclExpression> create)
    {
        var session = ParseSession.Current;
        var node = create(session.Range(start, end));
        node.SourceSpan = new SourceSlice(session.Text, start, end - start);
        return new Spanned<HclExpression>(node, start, end);
    }
}
