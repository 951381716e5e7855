using Unotify.Sdk;

namespace Unotify.Core.Plugins;

/// <summary>A processor class of a plugin, with the name and settings its <see cref="EventProcessorAttribute"/> declares.</summary>
/// <param name="Type">The class.</param>
/// <param name="Name">The name <c>workers.yaml</c> gives it in <c>processor:</c>.</param>
/// <param name="Settings">The setting keys it reads (<c>headers:*</c> for any key below <c>headers</c>).</param>
public sealed record ProcessorType(Type Type, string Name, IReadOnlyList<string> Settings)
{
    /// <summary>Whether the processor reads the flattened setting <paramref name="key"/>.</summary>
    /// <param name="key">A key as <see cref="ProcessorSettings"/> flattens it (<c>headers:Authorization</c>, <c>projects:0</c>).</param>
    /// <returns><see langword="true"/> when a declared key covers it.</returns>
    public bool Reads(string key)
    {
        foreach (var declared in Settings)
        {
            if (declared.EndsWith(":*", StringComparison.Ordinal)
                ? key.StartsWith(declared[..^1], StringComparison.OrdinalIgnoreCase) && key.Length > declared.Length - 1
                : string.Equals(key, declared, StringComparison.OrdinalIgnoreCase) || IsItemOf(key, declared))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The declared key that a setting <paramref name="key"/> nobody reads was probably meant to be.</summary>
    /// <param name="key">The unread key.</param>
    /// <returns>The closest declared key, or <see langword="null"/>.</returns>
    public string? Closest(string key) => Configuration.Suggestion.Closest(key, Settings.Select(declared => declared.TrimEnd('*').TrimEnd(':')));

    /// <summary><c>projects:0</c> and <c>projects:1:name</c> are items of the list <c>projects</c>.</summary>
    private static bool IsItemOf(string key, string list) =>
        key.Length > list.Length + 1
        && key.StartsWith(list, StringComparison.OrdinalIgnoreCase)
        && key[list.Length] == ':'
        && char.IsAsciiDigit(key[list.Length + 1]);
}
