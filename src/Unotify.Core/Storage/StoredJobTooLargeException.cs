namespace Unotify.Core.Storage;

/// <summary>
/// A job is larger than the store keeps in one value (the embedded Garnet server; see
/// <see cref="RedisStore.MaxJobBytes"/>). Nothing was stored. The HTTP API turns it into 413, which the sender
/// should not retry as it is.
/// </summary>
public sealed class StoredJobTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoredJobTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was too large and what to do about it.</param>
    public StoredJobTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was too large and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public StoredJobTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
