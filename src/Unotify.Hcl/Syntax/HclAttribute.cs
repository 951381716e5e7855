namespace Unotify.Hcl;

/// <summary>An attribute definition <c>name = value</c>; <see cref="Range"/> covers the whole definition.</summary>
public sealed record HclAttribute(string Name, SourceRange NameRange, HclExpression Value, SourceRange Range);
