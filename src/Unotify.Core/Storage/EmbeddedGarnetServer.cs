using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Unotify.Core.Storage;

/// <summary>
/// A Garnet server inside this process, on a free 127.0.0.1 port, persisting under a data directory: the store used
/// when no Redis is configured, so a first run needs no install.
/// </summary>
/// <remarks>
/// Options that matter (measured): <c>--lua --lua-transaction-mode</c> (without transaction mode Garnet's Lua scripts
/// are not atomic), <c>--aof --recover --checkpointdir</c> (data survives a restart: the append-only file is replayed),
/// and <c>--device-type RandomAccess</c> (the default device crashes the process on Debian 12 when AOF is on).
/// </remarks>
public sealed class EmbeddedGarnetServer : IAsyncDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedGarnetServer(GarnetServer server, int port, string dataDirectory)
    {
        _server = server;
        Port = port;
        DataDirectory = dataDirectory;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The directory holding the append-only file and checkpoints.</summary>
    public string DataDirectory { get; }

    /// <summary>A StackExchange.Redis connection string for the server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server persisting under <paramref name="dataDirectory"/> (created when missing).</summary>
    /// <param name="dataDirectory">Where the data lives; a later start on the same directory recovers it.</param>
    /// <param name="loggerFactory">Where Garnet logs, or <see langword="null"/> for nowhere.</param>
    /// <returns>The running server.</returns>
    public static EmbeddedGarnetServer Start(string dataDirectory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var root = Path.GetFullPath(dataDirectory);
        var checkpoints = Path.Combine(root, "garnet", "checkpoints");
        Directory.CreateDirectory(checkpoints);
        var port = FreeLoopbackPort();
        string[] arguments =
        [
            "-q", // quiet: no banner on the host's console
            "--bind", "127.0.0.1",
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--lua", "--lua-transaction-mode",
            "--aof", "--recover",
            "--checkpointdir", checkpoints,
            "--device-type", "RandomAccess",
        ];
        GarnetServer server;
        try
        {
            server = new GarnetServer(arguments, loggerFactory ?? NullLoggerFactory.Instance, cleanupDir: false);
            server.Start();
        }
        // Garnet reports bad settings and unusable directories with plain System.Exception.
        catch (Exception exception)
        {
            throw new StoreConfigurationException(
                $"Could not start the embedded Garnet server with data directory '{root}' ({exception.Message}). "
                + "Check that the directory is writable and not used by another Unotify process, or set UNOTIFY_REDIS to use an external Redis.",
                exception);
        }

        return new EmbeddedGarnetServer(server, port, root);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
