namespace Unotify.Hcl;

/// <summary>
/// HCL's binary operator symbols, read whole (so <c>&lt;=</c> is never read as <c>&lt;</c>, nor <c>!=</c> as
/// <c>!</c>, nor the <c>%</c> of <c>%{</c> as modulo).
/// </summary>
internal static class BinaryOperators
{
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

    /// <summary>Reads the binary operator at the start of <paramref name="span"/>, if there is one.</summary>
    public static bool TryRead(ReadOnlySpan<char> span, out HclBinaryOperator op, out int length)
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
