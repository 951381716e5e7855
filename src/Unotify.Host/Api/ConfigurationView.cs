using Unotify.Core.Configuration;
using Unotify.Host.Reloading;

namespace Unotify.Host.Api;

/// <summary>The configuration in force and what the last reload did, as <c>/readyz</c> shows them.</summary>
/// <param name="Generation">1 at start-up, one more with each reload that changed something.</param>
/// <param name="LoadedAt">When the generation was put in force.</param>
/// <param name="File">The workers file.</param>
/// <param name="RemovedWorkers">Workers a reload removed: their queues are kept in the store.</param>
/// <param name="LastReload">The last reload, or <see langword="null"/> before the first.</param>
internal sealed record ConfigurationView(int Generation, DateTimeOffset LoadedAt, string File, IReadOnlyList<string> RemovedWorkers, ReloadView? LastReload)
{
    /// <summary>The view of <paramref name="generation"/> and <paramref name="lastReload"/>, each error without its problem text.</summary>
    public static ConfigurationView Of(ConfigurationGeneration generation, ReloadReport? lastReload) =>
        new(generation.Number, generation.LoadedAt, generation.File.Path, generation.Removed, lastReload is null ? null : ReloadView.Of(lastReload, withProblems: false));
}

/// <summary>What one reload did.</summary>
/// <param name="At">When it ended.</param>
/// <param name="Trigger"><c>file</c>, <c>signal</c> or <c>api</c>.</param>
/// <param name="Result"><c>applied</c>, <c>unchanged</c> or <c>failed</c> (the configuration in force keeps running).</param>
/// <param name="Generation">The generation in force after it.</param>
/// <param name="Added">Workers started.</param>
/// <param name="Changed">Workers restarted with a new definition or state file.</param>
/// <param name="Removed">Workers stopped; their queues are kept.</param>
/// <param name="Errors">Why a failed reload was refused.</param>
/// <param name="Warnings">What the log warned about.</param>
internal sealed record ReloadView(
    DateTimeOffset At, string Trigger, string Result, int Generation, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed,
    IReadOnlyList<ConfigurationErrorView> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The view of <paramref name="report"/>. <c>/readyz</c> answers anyone, and a problem text may quote a setting's value
    /// (a secret read from the environment among them), so it shows where each error is and how to fix it; the log and
    /// the admin route give the problem too.
    /// </summary>
    public static ReloadView Of(ReloadReport report, bool withProblems) =>
        new(report.At, report.Trigger, report.Result, report.Generation, report.Added, report.Changed, report.Removed,
            [.. report.Errors.Select(error => ConfigurationErrorView.Of(error, withProblems))], withProblems ? report.Warnings : []);
}

/// <summary>One error of a refused configuration.</summary>
/// <param name="File">The file.</param>
/// <param name="Key">The key, dotted (<c>workers.jira.settings.url</c>), or empty.</param>
/// <param name="Line">The line, from 1; 0 when unknown.</param>
/// <param name="Column">The column, from 1; 0 when unknown.</param>
/// <param name="Problem">What is wrong, or <see langword="null"/> where it is not shown.</param>
/// <param name="Fix">How to fix it.</param>
internal sealed record ConfigurationErrorView(string File, string Key, int Line, int Column, string? Problem, string Fix)
{
    /// <summary>The view of <paramref name="error"/>.</summary>
    public static ConfigurationErrorView Of(ConfigurationError error, bool withProblem) =>
        new(error.File, error.Key, error.Line, error.Column, withProblem ? error.Problem : null, error.Fix);
}
