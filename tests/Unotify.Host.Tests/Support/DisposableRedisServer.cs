using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Unotify.Host.Tests.Support;

/// <summary>A redis-server process of a test's own on a free loopback port, so the test can stop it to see Redis go down.</summary>
public sealed class DisposableRedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private DisposableRedisServer(Process process, int port)
    {
        _process = process;
        ConnectionString = $"127.0.0.1:{port},connectTimeout=500";
        Port = port;
    }

    public string ConnectionString { get; }

    public int Port { get; }

    public static async Task<DisposableRedisServer> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed; run ./test.sh, which installs it.", exception);
        }

        var server = new DisposableRedisServer(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await server.AcceptsAsync())
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server on port {port} did not come up.");
            }

            await Task.Delay(20);
        }

        return server;
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
