using System.Globalization;

namespace Unotify.Core.Storage;

/// <summary>
/// The one process allowed to open an embedded data directory: an exclusive lock on <c>unotify.lock</c> in it, held
/// until disposed (the operating system releases it when the process dies, even by <c>kill -9</c>), and the holder's
/// process id, command and start time in <c>unotify.pid</c> beside it for whoever is refused.
/// </summary>
/// <remarks>
/// Two Garnet servers on one directory would each replay and append to the same files; a second process must be
/// refused before it opens anything. .NET takes the lock with <c>flock</c> on Linux and macOS and with a share mode
/// on Windows, so it is advisory: it keeps out other Unotify processes, not other programs.
/// </remarks>
internal sealed class DataDirectoryLock : IDisposable
{
    private const string LockFileName = "unotify.lock";
    private const string HolderFileName = "unotify.pid";
    private readonly FileStream _lock;
    private readonly string _holderFile;

    private DataDirectoryLock(FileStream lockFile, string holderFile)
    {
        _lock = lockFile;
        _holderFile = holderFile;
    }

    /// <summary>Takes the lock of <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The data directory.</param>
    /// <returns>The held lock.</returns>
    /// <exception cref="StoreConfigurationException">Another process holds it; the message names that process and what to do.</exception>
    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var lockPath = Path.Combine(directory, LockFileName);
        var holderPath = Path.Combine(directory, HolderFileName);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new StoreConfigurationException(
                $"The data directory '{directory}' is in use by another Unotify process ({DescribeHolder(holderPath)}). "
                + "Only one server may run on an embedded data directory: stop that one first, or give this one another "
                + "directory (UNOTIFY_DATA). Beside it, the admin commands (unotify hooks, dead, deliveries, explain) use its server.",
                exception);
        }

        try
        {
            // The command's first word only: options may carry secrets (--admin-token, --redis with a password).
            var command = Environment.GetCommandLineArgs().Skip(1).FirstOrDefault(argument => !argument.StartsWith('-')) ?? string.Empty;
            File.WriteAllText(holderPath, string.Join('\n',
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                $"unotify {command}".TrimEnd(),
                DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            lockFile.Dispose();
            throw new StoreConfigurationException($"The data directory '{directory}' is not writable ({exception.Message}). Point UNOTIFY_DATA at a writable directory.", exception);
        }

        return new DataDirectoryLock(lockFile, holderPath);
    }

    /// <summary>Whether a process holds the lock of <paramref name="directory"/> now (a missing directory is not held).</summary>
    public static bool IsHeld(string directory)
    {
        var lockPath = Path.Combine(directory, LockFileName);
        if (!File.Exists(lockPath))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_holderFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A stale holder file is harmless: the lock, not the file, decides who may open the directory.
        }

        _lock.Dispose();
    }

    private static string DescribeHolder(string holderPath)
    {
        try
        {
            var lines = File.ReadAllLines(holderPath);
            return lines.Length >= 3 ? $"process {lines[0]}, '{lines[1]}', started {lines[2]}" : "process unknown";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "process unknown";
        }
    }
}
