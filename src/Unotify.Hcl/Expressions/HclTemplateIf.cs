namespace Unotify.Hcl;

/// <summary><c>%{ if cond }…%{ else }…%{ endif }</c>; <see cref="Else"/> is empty when there is no else.</summary>
public sealed record HclTemplateIf(
    HclExpression Condition,
    IReadOnlyList<HclTemplatePart> Then,
    IReadOnlyList<HclTemplatePart> Else,
    SourceRange Range) : HclTemplatePart(Range);
