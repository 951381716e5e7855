namespace Unotify.Sdk;

/// <summary>A worker setting is missing or has a value its processor cannot use.</summary>
public sealed class ProcessorSettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProcessorSettingsException()
    {
    }

    /// <summary>Creates the exception with a message naming the worker, the key and the fix.</summary>
    /// <param name="message">The message.</param>
    public ProcessorSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProcessorSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
