namespace Unotify.Core.Storage;

/// <summary>
/// Where a running embedded server listens, for the admin commands: <c>unotify.endpoint</c> in its data directory holds
/// its loopback address and the password it was started with (a new one each start), readable by the owner only.
/// </summary>
/// <remarks>
/// The file is written once the server listens and deleted when it stops; after a crash it stays, but the directory's
/// lock (released by the operating system with the process) tells a stale file from a live one.
/// </remarks>
internal static class EmbeddedServerEndpoint
{
    private const string FileName = "unotify.endpoint";

    /// <summary>Records <paramref name="connectionString"/> for <paramref name="dataDirectory"/>, owner-only.</summary>
    public static void Write(string dataDirectory, string connectionString)
    {
        var path = Path.Combine(dataDirectory, FileName);
        File.Delete(path);

        // Created with its final mode, so the password is never readable by others, not even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(connectionString);
    }

    /// <summary>Removes the record (the server stopped).</summary>
    public static void Delete(string dataDirectory)
    {
        try
        {
            File.Delete(Path.Combine(dataDirectory, FileName));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A file left behind is harmless: without the lock held, nobody reads it.
        }
    }

    /// <summary>
    /// The connection string of the server another process runs on <paramref name="dataDirectory"/>, or
    /// <see langword="null"/> when none runs there (the lock is free) or it left no record.
    /// </summary>
    /// <exception cref="StoreConfigurationException">A server runs but its record cannot be read (another user's).</exception>
    public static string? FindRunning(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        if (!File.Exists(path) || !DataDirectoryLock.IsHeld(dataDirectory))
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new StoreConfigurationException(
                $"A Unotify server runs on the data directory '{dataDirectory}', but its address ({path}) is readable only by the user it runs as: run this command as that user.",
                exception);
        }
    }
}
