using System.Globalization;

namespace Unotify.Sdk;

/// <summary>
/// A worker's <c>settings:</c> from <c>workers.yaml</c>, flattened: nested keys are joined with <c>:</c> and list
/// items are numbered (<c>projects:0</c>, <c>projects:1</c>). Keys compare case-insensitively.
/// </summary>
/// <remarks>
/// The <c>Get…</c> methods throw <see cref="ProcessorSettingsException"/> with the key, the bad value and what was
/// expected, so a processor that reads its settings in its constructor turns bad configuration into a clear
/// start-up error.
/// </remarks>
public sealed class ProcessorSettings
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates settings from flattened key/value pairs.</summary>
    /// <param name="workerName">The worker the settings belong to, named in error messages.</param>
    /// <param name="values">The flattened settings.</param>
    public ProcessorSettings(string workerName, IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        WorkerName = workerName;
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            _values[key] = value;
        }
    }

    /// <summary>Settings with no keys.</summary>
    /// <param name="workerName">The worker the settings belong to.</param>
    /// <returns>Empty settings.</returns>
    public static ProcessorSettings Empty(string workerName) => new(workerName, []);

    /// <summary>The worker the settings belong to.</summary>
    public string WorkerName { get; }

    /// <summary>All flattened keys and values.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/> when it is absent or empty.</summary>
    /// <param name="key">The flattened key.</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    public string? GetString(string key) =>
        _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>The value of <paramref name="key"/>; throws when it is absent or empty.</summary>
    /// <param name="key">The flattened key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProcessorSettingsException">The key is absent or empty.</exception>
    public string GetRequiredString(string key) =>
        GetString(key) ?? throw new ProcessorSettingsException(
            $"worker '{WorkerName}': setting '{key}' is required; add it under settings: in workers.yaml.");

    /// <summary>The value of <paramref name="key"/> as a boolean (<c>true</c>/<c>false</c>), or the default.</summary>
    /// <param name="key">The flattened key.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProcessorSettingsException">The value is not <c>true</c> or <c>false</c>.</exception>
    public bool GetBoolean(string key, bool defaultValue)
    {
        var text = GetString(key);
        if (text is null)
        {
            return defaultValue;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw Invalid(key, text, "true or false");
    }

    /// <summary>The value of <paramref name="key"/> as a whole number, or the default.</summary>
    /// <param name="key">The flattened key.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProcessorSettingsException">The value is not a whole number.</exception>
    public int GetInt32(string key, int defaultValue)
    {
        var text = GetString(key);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(key, text, "a whole number");
    }

    /// <summary>
    /// The value of <paramref name="key"/> as a duration, or the default. Accepts a number with a unit
    /// (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>24h</c>, <c>7d</c>), a plain number of seconds, or <c>hh:mm:ss</c>.
    /// </summary>
    /// <param name="key">The flattened key.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProcessorSettingsException">The value is not a positive duration.</exception>
    public TimeSpan GetDuration(string key, TimeSpan defaultValue)
    {
        var text = GetString(key);
        if (text is null)
        {
            return defaultValue;
        }

        return DurationText.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw Invalid(key, text, "a positive duration such as 500ms, 30s, 5m, 24h or 7d");
    }

    /// <summary>
    /// The items of the list <paramref name="key"/> (<c>key:0</c>, <c>key:1</c>, …), or a single value written as a
    /// comma-separated string; empty when absent.
    /// </summary>
    /// <param name="key">The list's key.</param>
    /// <returns>The items in order.</returns>
    public IReadOnlyList<string> GetList(string key)
    {
        var items = new List<string>();
        for (var i = 0; _values.TryGetValue(key + ":" + i.ToString(CultureInfo.InvariantCulture), out var item); i++)
        {
            items.Add(item);
        }

        if (items.Count == 0 && GetString(key) is { } single)
        {
            items.AddRange(single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return items;
    }

    private ProcessorSettingsException Invalid(string key, string value, string expected) =>
        new($"worker '{WorkerName}': setting '{key}' is '{value}', which is not {expected}; fix it under settings: in workers.yaml.");
}
