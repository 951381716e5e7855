namespace Unotify.Core.Registry;

/// <summary>No hook is registered for the provider and repo id.</summary>
public sealed class HookNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HookNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message naming the hook.</summary>
    /// <param name="message">The message.</param>
    public HookNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public HookNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
