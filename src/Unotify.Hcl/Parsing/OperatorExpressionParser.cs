using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Prefix operators, then operands joined by binary operators, grouped by HCL's precedence (all left-associative)
/// with two explicit stacks: long chains like <c>1+1+…</c> or <c>!!!…x</c> cost no recursion, and one loop
/// replaces six Pidgin precedence levels on the hot path.
/// </summary>
internal sealed class OperatorExpressionParser : Parser<char, Spanned<HclExpression>>
{
    private readonly Parser<char, Spanned<HclExpression>> _operand;
    private readonly Parser<char, Unit> _space;

    public OperatorExpressionParser(Parser<char, Spanned<HclExpression>> operand, Parser<char, Unit> space)
    {
        _operand = operand;
        _space = space;
    }

    public static int Precedence(HclBinaryOperator op) => op switch
    {
        HclBinaryOperator.Or => 1,
        HclBinaryOperator.And => 2,
        HclBinaryOperator.Equal or HclBinaryOperator.NotEqual => 3,
        HclBinaryOperator.LessThan or HclBinaryOperator.LessThanOrEqual
            or HclBinaryOperator.GreaterThan or HclBinaryOperator.GreaterThanOrEqual => 4,
        HclBinaryOperator.Add or HclBinaryOperator.Subtract => 5,
        _ => 6,
    };

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Spanned<HclExpression> result)
    {
        if (!TryParseUnary(ref state, ref expecteds, out result))
        {
            return false;
        }

        Stack<Spanned<HclExpression>>? operands = null;
        Stack<HclBinaryOperator>? operators = null;
        while (BinaryOperators.TryRead(state.LookAhead(2), out var op, out var length))
        {
            state.Advance(length);
            _space.TryParse(ref state, ref expecteds, out _);
            operands ??= new Stack<Spanned<HclExpression>>([result]);
            operators ??= new Stack<HclBinaryOperator>();
            while (operators.Count > 0 && Precedence(operators.Peek()) >= Precedence(op))
            {
                Reduce(operands, operators);
            }

            operators.Push(op);
            if (!TryParseUnary(ref state, ref expecteds, out var right))
            {
                return false;
            }

            operands.Push(right);
        }

        if (operands is not null)
        {
            while (operators!.Count > 0)
            {
                Reduce(operands, operators);
            }

            result = operands.Pop();
        }

        return true;
    }

    private static void Reduce(Stack<Spanned<HclExpression>> operands, Stack<HclBinaryOperator> operators)
    {
        var right = operands.Pop();
        var left = operands.Pop();
        var op = operators.Pop();
        operands.Push(ExpressionGrammar.Node(left.Start, right.End,
            new HclBinaryExpression(op, left.Value, right.Value, ExpressionGrammar.Range(left.Start, right.End))));
    }

    private bool TryParseUnary(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Spanned<HclExpression> result)
    {
        List<(int Start, HclUnaryOperator Op)>? prefixes = null;
        while (state.LookAhead(1) is [var c] && c is '-' or '!')
        {
            prefixes ??= [];
            if (prefixes.Count == ParseSession.MaxDepth)
            {
                throw ParseSession.TooDeep((int)state.Location);
            }

            prefixes.Add(((int)state.Location, c == '!' ? HclUnaryOperator.Not : HclUnaryOperator.Negate));
            state.Advance(1);
            _space.TryParse(ref state, ref expecteds, out _);
        }

        if (!_operand.TryParse(ref state, ref expecteds, out result))
        {
            return false;
        }

        for (var i = (prefixes?.Count ?? 0) - 1; i >= 0; i--)
        {
            var (start, op) = prefixes![i];
            var operand = result;
            result = ExpressionGrammar.Node(start, operand.End, new HclUnaryExpression(op, operand.Value, ExpressionGrammar.Range(start, operand.End)));
        }

        return true;
    }
}
