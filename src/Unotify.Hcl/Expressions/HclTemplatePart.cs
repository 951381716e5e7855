namespace Unotify.Hcl;

/// <summary>One piece of a template.</summary>
public abstract record HclTemplatePart(SourceRange Range);
