namespace Unotify.Hcl;

/// <summary>A block label: a quoted string (escapes already applied) or a bare identifier.</summary>
public sealed record HclBlockLabel(string Value, bool IsQuoted, SourceRange Range);
