namespace Unotify.Hcl;

/// <summary>A reference to a variable by name, e.g. <c>var</c> in <c>var.name</c>.</summary>
public sealed record HclVariableExpression(string Name, SourceRange Range) : HclExpression(Range);
