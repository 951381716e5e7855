using Unotify.Core.Configuration;

namespace Unotify.Host.Reloading;

/// <summary>What one reload of the configuration did.</summary>
/// <param name="At">When it ended.</param>
/// <param name="Trigger">What asked for it: <c>file</c> (a change on disk), <c>signal</c> (SIGHUP) or <c>api</c> (<c>POST /conduit/admin/reload</c>).</param>
/// <param name="Result"><see cref="Applied"/>, <see cref="Unchanged"/> or <see cref="Failed"/>.</param>
/// <param name="Generation">The generation in force after it.</param>
/// <param name="Added">Workers that started.</param>
/// <param name="Changed">Workers that were restarted with their new definition or state file.</param>
/// <param name="Removed">Workers that stopped; their queues are kept.</param>
/// <param name="Errors">Why the new configuration was refused (the old one keeps running); empty unless it failed.</param>
/// <param name="Warnings">What the log warned about.</param>
internal sealed record ReloadReport(
    DateTimeOffset At,
    string Trigger,
    string Result,
    int Generation,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Removed,
    IReadOnlyList<ConfigurationError> Errors,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The new configuration is in force.</summary>
    public const string Applied = "applied";

    /// <summary>The files mean what the configuration in force means; nothing was restarted.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>The new configuration has errors; the old one keeps running.</summary>
    public const string Failed = "failed";
}
