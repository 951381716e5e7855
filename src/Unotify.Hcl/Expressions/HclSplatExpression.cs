namespace Unotify.Hcl;

/// <summary>
/// <c>source.*.attr</c> (attribute-only splat) or <c>source[*].attr[0]</c> (full splat). <see cref="Each"/> is the
/// traversal applied to every element, written over an <see cref="HclSplatItemExpression"/>.
/// </summary>
public sealed record HclSplatExpression(
    HclExpression Source,
    HclExpression Each,
    bool IsFullSplat,
    SourceRange Range) : HclExpression(Range);
