using System.Net;
using System.Net.Sockets;

namespace Unotify.Testing;

/// <summary>Ports on 127.0.0.1 for servers a test starts itself.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on right now (the OS picks it; another process could still take it before use).</summary>
    /// <returns>The port.</returns>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
