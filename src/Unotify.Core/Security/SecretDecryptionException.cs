namespace Unotify.Core.Security;

/// <summary>A stored secret could not be decrypted: the key differs from the one it was stored with, or the value was altered.</summary>
public sealed class SecretDecryptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretDecryptionException()
    {
    }

    /// <summary>Creates the exception with a message naming the record.</summary>
    /// <param name="message">The message.</param>
    public SecretDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SecretDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
