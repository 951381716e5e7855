namespace Unotify.Core.Configuration;

/// <summary>What <see cref="WorkersFileReader"/> needs from its surroundings.</summary>
public sealed record WorkersFileReaderOptions
{
    /// <summary>
    /// Where the built-in plugins live (<c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>), scanned when the file has no
    /// <c>plugins:</c> list. Defaults to <c>plugins/</c> beside the host binary.
    /// </summary>
    public string DefaultPluginsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Looks up environment variables for <c>${NAME}</c> values; defaults to the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
