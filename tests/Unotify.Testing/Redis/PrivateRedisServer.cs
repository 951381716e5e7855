using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Unotify.Testing.Redis;

/// <summary>A redis-server of a test's own, on its own loopback port, that the test may stop and start again (outage tests).</summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private Process? _process;

    /// <summary>Picks a free port; call <see cref="StartAsync"/> to run the server.</summary>
    public PrivateRedisServer()
    {
        Port = LoopbackPorts.Free();
    }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>A connection string for the server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server (no persistence) and waits until it accepts connections.</summary>
    /// <returns>A task that completes when the server is up.</returns>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
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

    /// <summary>Kills the server (as a crash would).</summary>
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
