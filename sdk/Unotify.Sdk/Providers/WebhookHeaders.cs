using System.Collections;

namespace Unotify.Sdk;

/// <summary>
/// Request headers with case-insensitive names. A header sent more than once keeps its values joined by
/// <c>", "</c>, as HTTP allows.
/// </summary>
public sealed class WebhookHeaders : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates the header set from name/value pairs; later duplicates are joined to earlier ones.</summary>
    /// <param name="headers">Header names and values.</param>
    public WebhookHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        // Sized up front when the count is known: this is built for every delivery.
        _values = new Dictionary<string, string>(headers.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            _values[name] = _values.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
    }

    /// <summary>An empty header set.</summary>
    public static WebhookHeaders Empty { get; } = new([]);

    /// <inheritdoc />
    public string this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value)
    {
        if (_values.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The header's value, or <see langword="null"/> when it is absent or blank.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>The trimmed value or <see langword="null"/>.</returns>
    public string? GetValueOrNull(string name) =>
        _values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
