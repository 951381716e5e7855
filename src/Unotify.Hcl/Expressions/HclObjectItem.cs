namespace Unotify.Hcl;

/// <summary>One <c>key = value</c> (or <c>key: value</c>) of an object; a bare-identifier key is a literal string.</summary>
public sealed record HclObjectItem(HclExpression Key, HclExpression Value, SourceRange Range);
