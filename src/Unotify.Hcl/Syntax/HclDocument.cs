namespace Unotify.Hcl;

/// <summary>One parsed HCL file: its name (as given to the parser, used in error messages) and its top-level body.</summary>
public sealed record HclDocument(string FileName, HclBody Body);
