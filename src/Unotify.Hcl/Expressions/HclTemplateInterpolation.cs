namespace Unotify.Hcl;

/// <summary><c>${expression}</c>; the flags record <c>${~ … ~}</c> strip markers.</summary>
public sealed record HclTemplateInterpolation(HclExpression Expression, bool StripBefore, bool StripAfter, SourceRange Range)
    : HclTemplatePart(Range);
