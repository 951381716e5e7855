using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary><c>{ key = value, … }</c>, items in source order.</summary>
public sealed record HclObjectExpression(IReadOnlyList<HclObjectItem> Items, SourceRange Range) : HclExpression(Range)
{
    /// <inheritdoc />
    public override bool TryGetConstant([NotNullWhen(true)] out HclValue? value)
    {
        var members = new Dictionary<string, HclValue>(Items.Count, StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (!item.Key.TryGetConstant(out var key) || !item.Value.TryGetConstant(out var member))
            {
                value = null;
                return false;
            }

            // hclsyntax converts number and bool keys to their string form; null cannot be a key.
            string? name = key switch
            {
                HclStringValue text => text.Value,
                HclNumberValue number => number.Text,
                HclBoolValue flag => flag.Value ? "true" : "false",
                _ => null,
            };
            if (name is null)
            {
                value = null;
                return false;
            }

            members[name] = member;
        }

        value = new HclObjectValue(members);
        return true;
    }
}
