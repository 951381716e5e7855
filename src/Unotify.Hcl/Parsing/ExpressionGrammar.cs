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

    private Parser<char, Spanned<HclExpression>> ConditionalLevel()
    {
        var operators = new OperatorExpressionParser(PostfixLevel(), _space);
        var branches = Map(
            (trueResult, falseResult) => (trueResult, falseResult),
            Tok(Char('?')).Then(Rec(() => Expression)),
            Tok(Char(':')).Then(Rec(() => Expression)));
        return Map(
            (condition, rest) => rest.HasValue
                ? Node(condition.Start, rest.Value.falseResult.End, new HclConditionalExpression(
                    condition.Value, rest.Value.trueResult.Value, rest.Value.falseResult.Value, Range(condition.Start, rest.Value.falseResult.End)))
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
        var afterDot = Dispatch(
            "attribute name",
            (CharClass.IsIdentifierStart, Identifier.Select(name => new TraversalStep(TraversalStepKind.Attribute, name.Value, null, 0, name.End))),
            (CharClass.IsDigit, Number.Select(number => new TraversalStep(TraversalStepKind.LegacyIndex, number.Value, null, 0, number.End))),
            (c => c == '*', Offset.Before(Char('*')).Select(end => new TraversalStep(TraversalStepKind.AttributeSplat, null, null, 0, end + 1))));
        var dotStep = Map(
            (start, step) => step with { Start = start },
            Offset.Before(dot),
            Tok(afterDot));

        var bracketContent = OneOf(
            InBrackets(Char('*')).ThenReturn((HclExpression?)null),
            Inner.Expression.Select(key => (HclExpression?)key.Value));
        var bracketStep = Map(
            (start, key, end) => key is null
                ? new TraversalStep(TraversalStepKind.FullSplat, null, null, start, end + 1)
                : new TraversalStep(TraversalStepKind.Index, null, key, start, end + 1),
            Offset.Before(InBrackets(Char('['))),
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
        Number.Select(number => Node(number.Start, number.End,
            new HclLiteralExpression(new HclNumberValue(number.Value), Range(number.Start, number.End))));

    private static readonly Parser<char, Spanned<HclExpression>> Parentheses =
        Map(
            (start, inner, end) => Node(start, end + 1, new HclParenthesesExpression(inner.Value, Range(start, end + 1))),
            Offset.Before(InBrackets(Char('('))),
            Rec(() => Inner.Expression),
            Offset.Before(Char(')')));

    private Parser<char, Spanned<HclExpression>> IdentifierTerm()
    {
        var scopedName = Map(
            (first, rest) => rest.Aggregate(first, (name, part) => name with { Value = name.Value + "::" + part.Value, End = part.End }),
            Identifier,
            String("::").Then(Identifier).RepeatWhile((next, after) => next == ':' && after == ':'));
        var call = Functions.Arguments;
        return Map(
            (name, arguments) => arguments.HasValue ? Functions.Call(name, arguments.Value) : Reference(name),
            Tok(scopedName),
            Tok(call).OptionalIf(c => c == '(')).TrackOpener(OpenerKind.FunctionCall);
    }

    private static Spanned<HclExpression> Reference(Spanned<string> name)
    {
        var range = Range(name.Start, name.End);
        return Node(name.Start, name.End, name.Value switch
        {
            "true" => new HclLiteralExpression(new HclBoolValue(true), range),
            "false" => new HclLiteralExpression(new HclBoolValue(false), range),
            "null" => new HclLiteralExpression(HclNullValue.Instance, range),
            _ when name.Value.Contains("::", StringComparison.Ordinal) => throw new HclSyntaxFailure(
                name.End, "\"(\"", "Missing open parenthesis: a function name with :: must be followed by ( to call it."),
            _ => (HclExpression)new HclVariableExpression(name.Value, range),
        });
    }

    /// <summary>Builds a node from its character span: the source range and exact source text.</summary>
    public static Spanned<HclExpression> Node(int start, int end, HclExpression node)
    {
        node.SourceSpan = new SourceSlice(ParseSession.Current.Text, start, end - start);
        return new Spanned<HclExpression>(node, start, end);
    }

    /// <summary>The source range of a character span of the input being parsed.</summary>
    public static SourceRange Range(int start, int end) => ParseSession.Current.Range(start, end);
}
