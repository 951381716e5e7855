namespace Unotify.Hcl;

/// <summary><c>%{ for key, value in collection }…%{ endfor }</c>; <see cref="KeyVariable"/> is null without a key.</summary>
public sealed record HclTemplateFor(
    string? KeyVariable,
    string ValueVariable,
    HclExpression Collection,
    IReadOnlyList<HclTemplatePart> Body,
    SourceRange Range) : HclTemplatePart(Range);
