using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Unotify.Testing.Redis;

/// <summary>A redis-server of a test's own, on its own loopback port, that the test may stop and start again (outage tests).</summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private Process? _process;

    private readonly string? _appendOnlyDirectory;

    private readonly string _appendFsync;

    /// <summary>Picks a free port; call <see cref="StartAsync"/> to run the server.</summary>
    /// <param name="appendOnlyDirectory">
    /// Where the server keeps an append-only file (<c>appendonly yes</c>), so that a server killed and started again
    /// finds its data; <see langword="null"/> for no persistence.
    /// </param>
    /// <param name="appendFsync">
    /// Its <c>appendfsync</c>: <c>everysec</c>, or <c>always</c> for a test that kills the server and counts on every
    /// answered write (with <c>everysec</c> redis-server may answer before it writes the file while a background fsync
    /// is slow, so a kill can lose up to two seconds of answered writes).
    /// </param>
    public PrivateRedisServer(string? appendOnlyDirectory = null, string appendFsync = "everysec")
    {
        Port = LoopbackPorts.Free();
        _appendOnlyDirectory = appendOnlyDirectory;
        _appendFsync = appendFsync;
    }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>A connection string for the server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Starts redis-server and waits until it accepts connections (and has loaded its append-only file).</summary>
    /// <returns>A task that completes when the server is up.</returns>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (_appendOnlyDirectory is null)
        {
            start.ArgumentList.Add("--appendonly");
            start.ArgumentList.Add("no");
        }
        else
        {
            Directory.CreateDirectory(_appendOnlyDirectory);
            foreach (var argument in new[] { "--appendonly", "yes", "--appendfsync", _appendFsync, "--dir", _appendOnlyDirectory })
            {
                start.ArgumentList.Add(argument);
            }
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed: run ./test.sh, which installs and starts redis-server.", exception);
        }

        _process.BeginOutputReadLine();
        await Eventually.HoldsAsync(async () => await AcceptsAsync(), TimeSpan.FromSeconds(10), $"redis-server to listen on {Port}");
    }

    /// <summary>Kills the server with SIGKILL (as a crash would).</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
