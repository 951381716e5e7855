using System.Globalization;

namespace Unotify.Testing.Hosting;

/// <summary>
/// Which process listens on a loopback port, read from Linux's /proc: the kernel's socket tables
/// (/proc/net/tcp, tcp6) give the listening socket's inode, and a process's open descriptors (/proc/PID/fd) name the
/// sockets it holds. A readiness probe alone cannot tell the host it started from another process that took the
/// port first.
/// </summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>
    /// Whether the process <paramref name="processId"/> holds a TCP socket listening on <paramref name="port"/>.
    /// Off Linux (no /proc) it answers <see langword="true"/>: the check is then not made.
    /// </summary>
    /// <param name="processId">The process.</param>
    /// <param name="port">The local port.</param>
    /// <returns>Whether that process listens on the port.</returns>
    public static bool IsListenedOnBy(int processId, int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        var listeners = ListeningInodes(port);
        if (listeners.Count == 0)
        {
            return false;
        }

        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && listeners.Contains(target["socket:[".Length..^1]))
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is DirectoryNotFoundException or FileNotFoundException)
        {
            // The process has exited (or a descriptor closed while listed): it does not listen.
            return false;
        }

        return false;
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        var portHex = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == ListenState && columns[1].EndsWith(":" + portHex, StringComparison.Ordinal))
                {
                    inodes.Add(columns[9]);
                }
            }
        }

        return inodes;
    }
}
