using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Unotify.Hcl;

/// <summary>
/// A quoted string or heredoc: literal parts, <c>${…}</c> interpolations and <c>%{if}</c>/<c>%{for}</c> directives.
/// Escapes are applied and <c>~</c> strip markers have already trimmed the neighbouring literals.
/// </summary>
public sealed record HclTemplateExpression(
    IReadOnlyList<HclTemplatePart> Parts,
    bool IsHeredoc,
    SourceRange Range) : HclExpression(Range)
{
    /// <inheritdoc />
    public override bool TryGetConstant([NotNullWhen(true)] out HclValue? value)
    {
        if (Parts.Count == 1 && Parts[0] is HclTemplateLiteral single)
        {
            value = new HclStringValue(single.Value);
            return true;
        }

        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            if (part is not HclTemplateLiteral literal)
            {
                value = null;
                return false;
            }

            text.Append(literal.Value);
        }

        value = new HclStringValue(text.ToString());
        return true;
    }
}
