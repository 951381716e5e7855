namespace Unotify.StateMachines;

/// <summary>
/// Loads a state-machine file (README.md's "State machines" section describes the dialect): parses the HCL, binds the dialect and validates every rule, collecting all
/// errors and warnings in one pass. Bad input never throws: it becomes a <see cref="Diagnostic"/>.
/// </summary>
public static class StateMachineLoader
{
    /// <summary>Loads <paramref name="text"/>; <paramref name="fileName"/> is what diagnostics name.</summary>
    public static StateMachineLoadResult Load(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var diagnostics = new DiagnosticBag();
        var parsed = HclParser.TryParse(text, fileName);
        if (!parsed.IsSuccess)
        {
            var error = parsed.Error;
            diagnostics.Error(new SourceLocation(fileName, error.Line, error.Column), error.Message);
            return new StateMachineLoadResult(fileName, null, diagnostics.ToSortedList());
        }

        var declarations = StateMachineFileBinder.Bind(parsed.Document, diagnostics);
        var set = StateMachineSetValidator.Validate(declarations, diagnostics);
        return new StateMachineLoadResult(fileName, set, diagnostics.ToSortedList());
    }

    /// <summary>Reads and loads the file at <paramref name="path"/>; a file that cannot be read is an error diagnostic naming it.</summary>
    public static StateMachineLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Load(File.ReadAllText(path), path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Unreadable(path, exception);
        }
    }

    /// <summary>Reads and loads the file at <paramref name="path"/> without blocking a thread on the read.</summary>
    public static async Task<StateMachineLoadResult> LoadFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return Load(text, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Unreadable(path, exception);
        }
    }

    private static StateMachineLoadResult Unreadable(string path, Exception exception)
    {
        var message = exception is FileNotFoundException or DirectoryNotFoundException
            ? $"state-machine file not found: {Path.GetFullPath(path)} does not exist; check the path (statefile in workers.yaml is relative to statemachines/ beside it)"
            : $"state-machine file {Path.GetFullPath(path)} cannot be read: {exception.Message}";
        var diagnostic = Diagnostic.Error(new SourceLocation(path, 1, 1), message);
        return new StateMachineLoadResult(path, null, [diagnostic]);
    }
}
