namespace Unotify.Core.Registry;

/// <summary>A hook for the same provider and repo id is already registered.</summary>
public sealed class HookAlreadyExistsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HookAlreadyExistsException()
    {
    }

    /// <summary>Creates the exception with a message naming the hook.</summary>
    /// <param name="message">The message.</param>
    public HookAlreadyExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public HookAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
