using System.Text;

namespace Unotify.StateMachines;

/// <summary>
/// The outcome of validating one or more state-machine files, as <c>unotify validate</c> prints it: every diagnostic
/// (<c>FILE:LINE:COLUMN: error: message</c>), then one summary line per file.
/// </summary>
public sealed class StateMachineValidationReport
{
    /// <summary>A report over results already loaded.</summary>
    public StateMachineValidationReport(IEnumerable<StateMachineLoadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results.ToArray();
    }

    /// <summary>The result of each file, in the order given.</summary>
    public IReadOnlyList<StateMachineLoadResult> Results { get; }

    /// <summary>Errors over all files.</summary>
    public int ErrorCount => Results.Sum(result => result.Errors.Count());

    /// <summary>Warnings over all files.</summary>
    public int WarningCount => Results.Sum(result => result.Warnings.Count());

    /// <summary>Whether any file has an error (a command should then exit non-zero).</summary>
    public bool HasErrors => ErrorCount > 0;

    /// <summary>Loads each file in <paramref name="paths"/> and reports on all of them.</summary>
    public static async Task<StateMachineValidationReport> ForFilesAsync(
        IEnumerable<string> paths,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var results = new List<StateMachineLoadResult>();
        foreach (var path in paths)
        {
            results.Add(await StateMachineLoader.LoadFileAsync(path, cancellationToken).ConfigureAwait(false));
        }

        return new StateMachineValidationReport(results);
    }

    /// <summary>Every diagnostic, then per file <c>FILE: ok, 2 state machines (devhop, soc)</c> or <c>FILE: 2 errors, 1 warning</c>.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var diagnostic in Results.SelectMany(result => result.Diagnostics))
        {
            text.Append(diagnostic).Append('\n');
        }

        foreach (var result in Results)
        {
            text.Append(result.File).Append(": ").Append(Summary(result)).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();

    private static string Summary(StateMachineLoadResult result)
    {
        var warnings = Count(result.Warnings.Count(), "warning");
        if (!result.Succeeded)
        {
            return $"{Count(result.Errors.Count(), "error")}, {warnings}";
        }

        var keys = result.Set.ProjectKeys.ToArray();
        return $"ok, {Count(keys.Length, "state machine")} ({Describe.List(keys)}), {warnings}";
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
