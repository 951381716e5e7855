namespace Unotify.Core.Configuration;

/// <summary>The outcome of reading <c>workers.yaml</c>: the file when it is valid, otherwise every error found.</summary>
/// <param name="File">The validated file, or <see langword="null"/> when there are errors.</param>
/// <param name="Errors">Every error, in file order; empty when <paramref name="File"/> is set.</param>
public sealed record WorkersFileResult(WorkersFile? File, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>The file, or a <see cref="ConfigurationException"/> listing every error.</summary>
    /// <returns>The validated file.</returns>
    /// <exception cref="ConfigurationException">The file has errors.</exception>
    public WorkersFile GetOrThrow() => File ?? throw new ConfigurationException(Errors);
}
