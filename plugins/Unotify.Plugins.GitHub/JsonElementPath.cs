using System.Text.Json;

namespace Unotify.Plugins.GitHub;

/// <summary>Reads optional values from nested JSON objects without throwing on absent or mistyped fields.</summary>
internal static class JsonElementPath
{
    /// <summary>The element at <paramref name="path"/> below <paramref name="root"/>, if every step is an object property.</summary>
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
    public static string? String(JsonElement root, params ReadOnlySpan<string> path) =>
        TryGet(root, out var found, path) && found.ValueKind == JsonValueKind.String ? found.GetString() : null;

    /// <summary>Whether the value at <paramref name="path"/> is the JSON literal <c>true</c>.</summary>
    public static bool IsTrue(JsonElement root, params ReadOnlySpan<string> path) =>
        TryGet(root, out var found, path) && found.ValueKind == JsonValueKind.True;
}
