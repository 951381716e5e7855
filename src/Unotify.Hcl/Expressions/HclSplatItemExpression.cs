namespace Unotify.Hcl;

/// <summary>The element a splat's traversal starts from; its range is the <c>.*</c> or <c>[*]</c> operator.</summary>
public sealed record HclSplatItemExpression(SourceRange Range) : HclExpression(Range);
