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

    private static readonly HclBinaryOperator[][] PrecedenceLevels =
    [
        [HclBinaryOperator.Or],
        [HclBinaryOperator.And],
        [HclBinaryOperator.Equal, HclBinaryOperator.NotEqual],
        [HclBinaryOperator.LessThan, HclBinaryOperator.LessThanOrEqual, HclBinaryOperator.GreaterThan, HclBinaryOperator.GreaterThanOrEqual],
        [HclBinaryOperator.Add, HclBinaryOperator.Subtract],
        [HclBinaryOperator.Multiply, HclBinaryOperator.Divide, HclBinaryOperator.Modulo],
    ];

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
        var binary = BinaryLevels();
        var branches = Map(
            (trueResult, falseResult) => (trueResult, falseResult),
            Tok(Char('?')).Then(Rec(() => Expression)),
            Tok(Char(':')).Then(Rec(() => Expression)));
        return Map(
            (condition, rest) => rest.HasValue
                ? Node(condition.Start, rest.Value.falseResult.End, (range, text) =>
                    new HclConditionalExpression(condition.Value, rest.Value.trueResult.Value, rest.Value.falseResult.Value, range, text))
                : condition,
            binary,
            branches.Optional());
    }

    private Parser<char, Spanned<HclExpression>> BinaryLevels()
    {
        var operand = UnaryLevel();
        for (var level = PrecedenceLevels.Length - 1; level >= 0; level--)
        {
            var next = operand;
            var op = Tok(new BinaryOperatorParser(PrecedenceLevels[level]));
            operand = Map(
                (first, rest) => FoldBinary(first, rest),
                next,
                Map((o, right) => (o, right), op, next).Many());
        }

        return operand;
    }

    private static Spanned<HclExpression> FoldBinary(
        Spanned<HclExpression> first,
        IEnumerable<(HclBinaryOperator Op, Spanned<HclExpression> Right)> rest)
    {
        var result = first;
        foreach (var (op, right) in rest)
        {
            var left = result;
            result = Node(left.Start, right.End, (range, text) =>
                new HclBinaryExpression(op, left.Value, right.Value, range, text));
        }

        return result;
    }

    private Parser<char, Spanned<HclExpression>> UnaryLevel()
    {
        var unaryOperator = Tok(Map(
            (start, symbol) => (start, op: symbol == '!' ? HclUnaryOperator.Not : HclUnaryOperator.Negate),
            Offset,
            Char('-').Or(Char('!'))));
        return Map(
            (operators, operand) => FoldUnary(operators, operand),
            unaryOperator.Many(),
            PostfixLevel());
    }

    private static Spanned<HclExpression> FoldUnary(
        IEnumerable<(int Start, HclUnaryOperator Op)> operators,
        Spanned<HclExpression> operand)
    {
        var list = operators as IList<(int Start, HclUnaryOperator Op)> ?? [.. operators];
        if (list.Count > ParseSession.MaxDepth)
        {
            throw ParseSession.TooDeep(list[ParseSession.MaxDepth].Start);
        }

        var result = operand;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var (start, op) = list[i];
            var inner = result;
            result = Node(start, inner.End, (range, text) => new HclUnaryExpression(op, inner.Value, range, text));
        }

        return result;
    }

    private Parser<char, Spanned<HclExpression>> PostfixLevel() =>
        Map((term, steps) => Traversals.Apply(term, steps), Term(), Step().Many());

    private Parser<char, TraversalStep> Step()
    {
        var dot = Tok(Try(Char('.').Before(Not(Char('.')))));
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
        return dotStep.Or(bracketStep);
    }

    private Parser<char, Spanned<HclExpression>> Term() =>
        OneOf(
            Tok(NumberLiteral),
            IdentifierTerm(),
            Tok(Templates.Quoted),
            Tok(Templates.Heredoc),
            Tok(Parentheses),
            Tok(Collections.Tuple),
            Tok(Collections.Object))
        .Named("expression");

    private static readonly Parser<char, Spanned<HclExpression>> NumberLiteral =
        Number.Select(number => Node(number.Start, number.End, (range, text) =>
            new HclLiteralExpression(new HclNumberValue(number.Value), range, text)));

    private static readonly Parser<char, Spanned<HclExpression>> Parentheses =
        Map(
            (start, inner, end) => Node(start, end + 1, (range, text) => new HclParenthesesExpression(inner.Value, range, text)),
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
        Node(name.Start, name.End, (range, text) => name.Value switch
        {
            "true" => new HclLiteralExpression(new HclBoolValue(true), range, text),
            "false" => new HclLiteralExpression(new HclBoolValue(false), range, text),
            "null" => new HclLiteralExpression(HclNullValue.Instance, range, text),
            _ when name.Value.Contains("::", StringComparison.Ordinal) => throw new HclSyntaxFailure(
                name.End, "\"(\"", "Missing open parenthesis: a function name with :: must be followed by ( to call it."),
            _ => (HclExpression)new HclVariableExpression(name.Value, range, text),
        });

    /// <summary>Builds a node from its character span: the source range and exact source text.</summary>
    public static Spanned<HclExpression> Node(int start, int end, Func<SourceRange, string, HclExpression> create)
    {
        var session = ParseSession.Current;
        return new Spanned<HclExpression>(create(session.Range(start, end), session.Slice(start, end)), start, end);
    }
}
