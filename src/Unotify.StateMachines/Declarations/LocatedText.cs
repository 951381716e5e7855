namespace Unotify.StateMachines;

/// <summary>A name or string from the file with where it was written, so diagnostics can point at it.</summary>
internal sealed record LocatedText(string Value, SourceLocation Location);
