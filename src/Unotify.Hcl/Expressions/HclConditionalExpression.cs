namespace Unotify.Hcl;

/// <summary><c>condition ? trueResult : falseResult</c>.</summary>
public sealed record HclConditionalExpression(
    HclExpression Condition,
    HclExpression TrueResult,
    HclExpression FalseResult,
    SourceRange Range) : HclExpression(Range);
