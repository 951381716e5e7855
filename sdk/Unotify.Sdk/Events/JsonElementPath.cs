using System.Text.Json;

namespace Unotify.Sdk;

/// <summary>Reads optional values from nested JSON objects without throwing on absent or mistyped fields: how providers read payloads.</summary>
public static class JsonElementPath
{
    /// <summary>The element at <paramref name="path"/> below <paramref name="root"/>, when every step is an object property.</summary>
    /// <param name="root">Where to start.</param>
    /// <param name="found">The element found, or <see langword="default"/>.</param>
    /// <param name="path">Property names, outermost first.</param>
    /// <returns><see langword="true"/> when the path exists.</returns>
    public static bool TryGet(JsonElement root, out JsonElement found, params ReadOnlySpan<string> path)
    {
        found = root;
        foreach (var name in path)
        {
            if (found.ValueKind != JsonValueKind.Object || !found.TryGetProperty(name, out found))
            {
                found = default;
                return false;
            }
        }

        return true;
    }

    /// <summary>The string at <paramref name="path"/>, or <see langword="null"/> when absent, null or not a string.</summary>
    /// <param name="root">Where to start.</param>
    /// <param name="path">Property names, outermost first.</param>
    /// <returns>The string or <see langword="null"/>.</returns>
    public static string? String(JsonElement root, params ReadOnlySpan<string> path) =>
        TryGet(root, out var found, path) && found.ValueKind == JsonValueKind.String ? found.GetString() : null;

    /// <summary>Whether the value at <paramref name="path"/> is the JSON literal <c>true</c>.</summary>
    /// <param name="root">Where to start.</param>
    /// <param name="path">Property names, outermost first.</param>
    /// <returns><see langword="true"/> for <c>true</c>, otherwise <see langword="false"/>.</returns>
    public static bool IsTrue(JsonElement root, params ReadOnlySpan<string> path) =>
        TryGet(root, out var found, path) && found.ValueKind == JsonValueKind.True;
}
