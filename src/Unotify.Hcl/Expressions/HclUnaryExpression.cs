using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary><c>!operand</c> or <c>-operand</c>.</summary>
public sealed record HclUnaryExpression(HclUnaryOperator Operator, HclExpression Operand, SourceRange Range) : HclExpression(Range)
{
    /// <summary>A negated number literal (<c>-1.5</c>) and a negated bool literal (<c>!true</c>) are constants.</summary>
    public override bool TryGetConstant([NotNullWhen(true)] out HclValue? value)
    {
        value = (Operator, Operand) switch
        {
            (HclUnaryOperator.Negate, HclLiteralExpression { Value: HclNumberValue number }) =>
                new HclNumberValue(number.Text.StartsWith('-') ? number.Text[1..] : "-" + number.Text),
            (HclUnaryOperator.Not, HclLiteralExpression { Value: HclBoolValue flag }) => new HclBoolValue(!flag.Value),
            _ => null,
        };
        return value is not null;
    }
}
