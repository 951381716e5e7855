namespace Unotify.Hcl;

/// <summary><c>source[key]</c>, and the legacy <c>source.0</c> form with a number key.</summary>
public sealed record HclIndexExpression(HclExpression Source, HclExpression Key, SourceRange Range) : HclExpression(Range);
