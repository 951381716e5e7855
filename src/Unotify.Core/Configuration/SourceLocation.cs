namespace Unotify.Core.Configuration;

/// <summary>Where a value was written in a configuration file.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Key">The key's path (<c>workers.atlassian.processor</c>).</param>
/// <param name="Line">The 1-based line, or 0 when unknown.</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
public sealed record SourceLocation(string File, string Key, int Line, int Column)
{
    /// <summary>An error at this location.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="fix">What would be right.</param>
    /// <returns>The error.</returns>
    public ConfigurationError Error(string problem, string fix) => new(File, Key, Line, Column, problem, fix);
}
