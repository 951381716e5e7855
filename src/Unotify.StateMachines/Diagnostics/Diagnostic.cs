namespace Unotify.StateMachines;

/// <summary>An error or warning about a state-machine file, at a line and column of it.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string File, int Line, int Column, string Message)
{
    internal static Diagnostic Error(SourceLocation at, string message) =>
        new(DiagnosticSeverity.Error, at.File, at.Line, at.Column, message);

    internal static Diagnostic Warning(SourceLocation at, string message) =>
        new(DiagnosticSeverity.Warning, at.File, at.Line, at.Column, message);

    /// <summary>The diagnostic as compilers print it: <c>FILE:LINE:COLUMN: error: message</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {Message}";
}
