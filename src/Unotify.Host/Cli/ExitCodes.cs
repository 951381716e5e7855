namespace Unotify.Host.Cli;

/// <summary>The exit codes of <c>unotify</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>The command ran but failed (not found, exists already, could not listen).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad configuration; the message says what to fix.</summary>
    public const int Usage = 2;

    /// <summary>Redis could not be reached.</summary>
    public const int StoreUnavailable = 3;
}
