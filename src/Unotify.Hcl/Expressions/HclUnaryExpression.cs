namespace Unotify.Hcl;

/// <summary><c>!operand</c> or <c>-operand</c>.</summary>
public sealed record HclUnaryExpression(HclUnaryOperator Operator, HclExpression Operand, SourceRange Range, string SourceText)
    : HclExpression(Range, SourceText);
