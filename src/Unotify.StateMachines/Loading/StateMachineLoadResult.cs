namespace Unotify.StateMachines;

/// <summary>What loading one state-machine file gave: the machines when there were no errors, and every diagnostic.</summary>
/// <param name="File">The file name as given to the loader (used in every diagnostic).</param>
/// <param name="Set">The validated machines, or <see langword="null"/> when there is at least one error.</param>
/// <param name="Diagnostics">Every error and warning, in file order.</param>
public sealed record StateMachineLoadResult(string File, StateMachineSet? Set, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether the file has no errors (it may have warnings).</summary>
    [MemberNotNullWhen(true, nameof(Set))]
    public bool Succeeded => Set is not null;

    /// <summary>The errors: each one must be fixed before the file can be used.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The warnings: the file loads, but these are probably mistakes.</summary>
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}
