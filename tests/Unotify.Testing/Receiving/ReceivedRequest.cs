using System.Text;
using System.Text.Json;

namespace Unotify.Testing.Receiving;

/// <summary>One request a <see cref="RecordingReceiver"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query.</param>
/// <param name="Headers">The headers; names compare case-insensitively, repeated headers joined with <c>", "</c>.</param>
/// <param name="Body">The raw body bytes.</param>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The header's value, or <see langword="null"/>.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
