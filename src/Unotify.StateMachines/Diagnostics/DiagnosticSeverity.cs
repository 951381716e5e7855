namespace Unotify.StateMachines;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The file cannot be used until this is fixed.</summary>
    Error,

    /// <summary>The file loads, but something in it is probably a mistake.</summary>
    Warning,
}
