using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Unotify.Testing.Http;

/// <summary>
/// Sends one HTTP/1.1 request exactly as written, over a plain socket: HttpClient would resolve <c>..</c> segments and
/// refuse odd headers before they ever reach the server under test.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="method"/> <paramref name="target"/> with <paramref name="headers"/> and <paramref name="body"/>; returns the status code.</summary>
    /// <param name="server">The server's base address (http, loopback).</param>
    /// <param name="method">The method.</param>
    /// <param name="target">The request target as sent, for example <c>/conduit/webhooks/github/r1/../r1</c>.</param>
    /// <param name="headers">Header lines without the line ends, for example <c>Authorization: Bearer x</c>.</param>
    /// <param name="body">The body, or empty.</param>
    /// <returns>The status code of the answer.</returns>
    public static async Task<int> SendAsync(Uri server, string method, string target, IEnumerable<string> headers, byte[]? body = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        body ??= [];
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync() ?? throw new InvalidOperationException("The server closed the connection without an answer.");
        var parts = statusLine.Split(' ', 3);
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : throw new InvalidOperationException($"Not an HTTP status line: {statusLine}");
    }
}
