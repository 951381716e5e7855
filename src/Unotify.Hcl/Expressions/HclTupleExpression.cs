using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary><c>[a, b, c]</c>.</summary>
public sealed record HclTupleExpression(IReadOnlyList<HclExpression> Items, SourceRange Range) : HclExpression(Range)
{
    /// <inheritdoc />
    public override bool TryGetConstant([NotNullWhen(true)] out HclValue? value)
    {
        var items = new HclValue[Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!Items[i].TryGetConstant(out var item))
            {
                value = null;
                return false;
            }

            items[i] = item;
        }

        value = new HclTupleValue(new StructuralList<HclValue>(items));
        return true;
    }
}
