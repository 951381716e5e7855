namespace Unotify.Core.Configuration;

/// <summary>Start-up configuration (workers.yaml, its plugins and state files) has errors; all of them are listed.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception with the errors found.</summary>
    /// <param name="errors">Every error found, not just the first.</param>
    public ConfigurationException(IReadOnlyList<ConfigurationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public ConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConfigurationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The errors, in file order.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigurationError> errors) =>
        errors.Count == 1
            ? "The configuration has an error:" + Environment.NewLine + "  " + errors[0]
            : $"The configuration has {errors.Count} errors:" + Environment.NewLine
              + string.Join(Environment.NewLine, errors.Select(error => "  " + error));
}
