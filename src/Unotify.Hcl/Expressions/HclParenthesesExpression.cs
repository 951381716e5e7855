using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary><c>( expression )</c>.</summary>
public sealed record HclParenthesesExpression(HclExpression Inner, SourceRange Range) : HclExpression(Range)
{
    /// <inheritdoc />
    public override bool TryGetConstant([NotNullWhen(true)] out HclValue? value) => Inner.TryGetConstant(out value);
}
