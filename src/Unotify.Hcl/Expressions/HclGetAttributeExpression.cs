namespace Unotify.Hcl;

/// <summary><c>source.name</c>.</summary>
public sealed record HclGetAttributeExpression(HclExpression Source, string Name, SourceRange Range) : HclExpression(Range);
