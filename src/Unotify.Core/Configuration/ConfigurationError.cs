namespace Unotify.Core.Configuration;

/// <summary>One problem in a configuration file: where it is, what is wrong and how to fix it.</summary>
/// <param name="File">The file's path as given to the reader.</param>
/// <param name="Key">The key's path, for example <c>workers.atlassian.concurrency</c>; empty for the whole file.</param>
/// <param name="Line">The 1-based line of the offending node, or 0 when unknown.</param>
/// <param name="Column">The 1-based column of the offending node, or 0 when unknown.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Fix">What would be right.</param>
public sealed record ConfigurationError(string File, string Key, int Line, int Column, string Problem, string Fix)
{
    /// <summary>The error as one line: <c>file:line:column: key: problem. Fix: fix</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var key = Key.Length > 0 ? $" {Key}:" : string.Empty;
        return $"{where}:{key} {Problem} Fix: {Fix}";
    }
}
