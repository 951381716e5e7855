namespace Unotify.Core.Storage;

/// <summary>
/// Redis (or the embedded Garnet server) could not be reached or did not answer in time. Nothing was stored; the
/// caller may try again. The HTTP API turns it into 503 so that senders retry.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What could not be done.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the Redis client's exception.</summary>
    /// <param name="message">What could not be done.</param>
    /// <param name="innerException">The cause.</param>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
