using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Unotify.Testing.Hosting;
using Xunit;

namespace Unotify.EndToEnd.Tests.Harness;

/// <summary>
/// The harness's check that a started host, and not another process that took its port, answered its readiness probe.
/// </summary>
public sealed class ListeningSocketsTests
{
    [Fact]
    public void A_process_listening_on_the_port_is_found()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        ListeningSockets.IsListenedOnBy(Environment.ProcessId, port).Should().BeTrue();
    }

    [Fact]
    public void A_process_that_does_not_listen_on_the_port_is_not_taken_for_its_listener()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var other = Process.Start("sleep", ["30"]);
        try
        {
            ListeningSockets.IsListenedOnBy(other.Id, port).Should().BeFalse();
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public void A_connected_socket_on_the_port_is_not_a_listener()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        using var accepted = listener.AcceptTcpClient();
        listener.Stop();

        ListeningSockets.IsListenedOnBy(Environment.ProcessId, port).Should().BeFalse("only a connection, not a listener, is left on the port");
    }

    [Fact]
    public void A_port_nothing_listens_on_has_no_listener()
    {
        ListeningSockets.IsListenedOnBy(Environment.ProcessId, Unotify.Testing.LoopbackPorts.Free()).Should().BeFalse();
    }
}
