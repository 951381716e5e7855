namespace Unotify.Core.Storage;

/// <summary>The store's settings are wrong (a missing or malformed secret key, a bad connection string); a start-up error.</summary>
public sealed class StoreConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message saying what is wrong and how to fix it.</summary>
    /// <param name="message">The message.</param>
    public StoreConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StoreConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
