namespace Unotify.Hcl;

/// <summary>Literal text of a template, escapes applied.</summary>
public sealed record HclTemplateLiteral(string Value, SourceRange Range) : HclTemplatePart(Range);
