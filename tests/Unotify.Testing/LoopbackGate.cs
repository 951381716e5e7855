using System.Net;
using System.Net.Sockets;

namespace Unotify.Testing;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a server, that a test can close and open: closed, nothing listens on its
/// port (a client gets "connection refused", as from a host that is down) and open connections are cut; open, every
/// connection is forwarded to the server. The port stays the same, so the client's configuration does not change.
/// </summary>
public sealed class LoopbackGate : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private LoopbackGate(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    /// <summary>The gate's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Whether connections are forwarded now.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>Opens a gate in front of <paramref name="target"/> (a <c>http://127.0.0.1:PORT</c> address).</summary>
    /// <param name="target">The server's base URL.</param>
    /// <returns>The open gate.</returns>
    public static LoopbackGate OpenTo(string target)
    {
        var uri = new Uri(target);
        var gate = new LoopbackGate(new IPEndPoint(IPAddress.Loopback, uri.Port), LoopbackPorts.Free());
        gate.Open();
        return gate;
    }

    /// <summary>The gate's address with <paramref name="target"/>'s scheme: what the client is configured with.</summary>
    /// <returns><c>http://127.0.0.1:PORT</c>.</returns>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts forwarding (listening on the port again).</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _accepting = AcceptAsync(listener);
        }
    }

    /// <summary>Stops listening and cuts every forwarded connection: new connections are refused.</summary>
    /// <returns>A task that completes once nothing listens.</returns>
    public async Task CloseAsync()
    {
        Task accepting;
        lock (_lock)
        {
            if (_listener is null)
            {
                return;
            }

            _listener.Stop();
            _listener = null;
            accepting = _accepting;
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }

        await accepting.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_lock)
        {
            _connections.Add(client);
            _connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target).ConfigureAwait(false);
            var up = client.GetStream().CopyToAsync(server.GetStream());
            var down = server.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The gate was closed, or either side hung up: the connection ends, which is what the client sees.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
            lock (_lock)
            {
                _connections.Remove(client);
                _connections.Remove(server);
            }
        }
    }
}
