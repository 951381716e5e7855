using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary>A number, <c>true</c>, <c>false</c> or <c>null</c>; also a bare-identifier object key (a literal string).</summary>
public sealed record HclLiteralExpression(HclValue Value, SourceRange Range) : HclExpression(Range)
{
    /// <inheritdoc />
    public override bool TryGetConstant([NotNullWhen(true)] out HclValue? value)
    {
        value = Value;
        return true;
    }
}
