namespace Unotify.Hcl;

/// <summary><c>left op right</c>; operators of equal precedence group to the left.</summary>
public sealed record HclBinaryExpression(
    HclBinaryOperator Operator,
    HclExpression Left,
    HclExpression Right,
    SourceRange Range) : HclExpression(Range);
