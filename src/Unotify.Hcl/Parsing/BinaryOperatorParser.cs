using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// One of a precedence level's binary operators, matched whole (so <c>&lt;=</c> is never read as <c>&lt;</c>,
/// nor <c>!=</c> as <c>!</c>). Fails without consuming anything.
/// </summary>
internal sealed class BinaryOperatorParser : Parser<char, HclBinaryOperator>
{
    private readonly HclBinaryOperator[] _operators;
    private readonly Expected<char>[] _expected;

    public BinaryOperatorParser(params HclBinaryOperator[] operators)
    {
        _operators = operators;
        _expected = [.. operators.Select(op => new Expected<char>($"\"{Symbol(op)}\""))];
    }

    public static string Symbol(HclBinaryOperator op) => op switch
    {
        HclBinaryOperator.Multiply => "*",
        HclBinaryOperator.Divide => "/",
        HclBinaryOperator.Modulo => "%",
        HclBinaryOperator.Add => "+",
        HclBinaryOperator.Subtract => "-",
        HclBinaryOperator.LessThan => "<",
        HclBinaryOperator.LessThanOrEqual => "<=",
        HclBinaryOperator.GreaterThan => ">",
        HclBinaryOperator.GreaterThanOrEqual => ">=",
        HclBinaryOperator.Equal => "==",
        HclBinaryOperator.NotEqual => "!=",
        HclBinaryOperator.And => "&&",
        HclBinaryOperator.Or => "||",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a binary operator"),
    };

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out HclBinaryOperator result)
    {
        var span = state.LookAhead(2);
        if (Read(span, out var op, out var length) && Array.IndexOf(_operators, op) >= 0)
        {
            state.Advance(length);
            result = op;
            return true;
        }

        state.SetError(span.IsEmpty ? Maybe.Nothing<char>() : Maybe.Just(span[0]), span.IsEmpty, state.Location, null);
        expecteds.AddRange(_expected.AsSpan());
        result = default;
        return false;
    }

    private static bool Read(ReadOnlySpan<char> span, out HclBinaryOperator op, out int length)
    {
        var second = span.Length > 1 ? span[1] : '\0';
        (op, length) = span.IsEmpty ? (default, 0) : span[0] switch
        {
            '*' => (HclBinaryOperator.Multiply, 1),
            '/' => (HclBinaryOperator.Divide, 1),
            '%' when second != '{' => (HclBinaryOperator.Modulo, 1),
            '+' => (HclBinaryOperator.Add, 1),
            '-' => (HclBinaryOperator.Subtract, 1),
            '<' when second == '=' => (HclBinaryOperator.LessThanOrEqual, 2),
            '<' when second != '<' => (HclBinaryOperator.LessThan, 1),
            '>' when second == '=' => (HclBinaryOperator.GreaterThanOrEqual, 2),
            '>' => (HclBinaryOperator.GreaterThan, 1),
            '=' when second == '=' => (HclBinaryOperator.Equal, 2),
            '!' when second == '=' => (HclBinaryOperator.NotEqual, 2),
            '&' when second == '&' => (HclBinaryOperator.And, 2),
            '|' when second == '|' => (HclBinaryOperator.Or, 2),
            _ => (default, 0),
        };
        return length > 0;
    }
}
