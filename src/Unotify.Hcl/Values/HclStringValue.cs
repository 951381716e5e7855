namespace Unotify.Hcl;

/// <summary>A string, escapes and template literal escapes already applied.</summary>
public sealed record HclStringValue(string Value) : HclValue;
