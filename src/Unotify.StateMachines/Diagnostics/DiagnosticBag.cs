namespace Unotify.StateMachines;

/// <summary>Collects every diagnostic of one load so a user sees all problems of a file at once.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _diagnostics = [];

    public bool HasErrors => _diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public int ErrorCount => _diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(SourceLocation at, string message) => _diagnostics.Add(Diagnostic.Error(at, message));

    public void Warning(SourceLocation at, string message) => _diagnostics.Add(Diagnostic.Warning(at, message));

    /// <summary>The diagnostics in file order; for one position, in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList() =>
        _diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToArray();
}
