using System.Text.RegularExpressions;
using Unotify.Sdk;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>
/// Reads <c>workers.yaml</c>'s <c>providers:</c> section: named instances of configurable provider types, each with a
/// <c>type:</c> and optional <c>settings:</c>. Whether the type exists is checked once the plugins are loaded.
/// </summary>
internal static partial class ProviderSectionReader
{
    private const string SectionFix = "write each provider as a name with its type and settings, for example 'providers: { acme: { type: hmac, settings: { header: X-Acme-Signature } } }'.";

    private static readonly string[] ProviderKeys = ["type", "settings"];

    public static IReadOnlyList<ProviderDefinition> Read(YamlReadContext context, YamlNode node, string path, Func<string, string?> environment)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        var mapping = context.Mapping(node, path, SectionFix);
        if (mapping is null)
        {
            return [];
        }

        var providers = new List<ProviderDefinition>();
        foreach (var (name, entryPath, value) in context.Entries(mapping, path, knownKeys: null))
        {
            if (ReadOne(context, name, entryPath, value, environment) is { } provider)
            {
                providers.Add(provider);
            }
        }

        return providers;
    }

    private static ProviderDefinition? ReadOne(YamlReadContext context, string name, string path, YamlNode node, Func<string, string?> environment)
    {
        var errorsBefore = context.Errors.Count;
        if (!ProviderName().IsMatch(name))
        {
            context.Error(path, node, $"'{name}' is not a valid provider name.", "name providers in lower case with letters, digits, '-' and '_', starting with a letter or digit (at most 64 characters); the name is part of the payload URL.");
        }

        var entry = context.Mapping(node, path, $"give the provider's type and settings under its name, for example '{name}: {{ type: hmac, settings: {{ header: X-Signature }} }}'.");
        if (entry is null)
        {
            return null;
        }

        string? type = null;
        var typeLocation = context.At(path, node);
        var settings = ProcessorSettings.Empty(name);
        var settingsLocation = context.At(path, node);
        foreach (var (key, keyPath, value) in context.Entries(entry, path, ProviderKeys))
        {
            if (key == "type")
            {
                typeLocation = context.At(keyPath, value);
                type = context.Scalar(value, keyPath, "name the configurable provider type, for example 'type: hmac'.");
                if (type is not null && !ProviderName().IsMatch(type))
                {
                    context.Error(keyPath, value, $"'{type}' is not a valid provider type name.", "write the type's lower-case name, for example 'hmac'.");
                }
            }
            else
            {
                settingsLocation = context.At(keyPath, value);
                settings = SettingsReader.Read(context, name, value, keyPath, environment).Settings;
            }
        }

        if (type is null && context.Errors.Count == errorsBefore)
        {
            context.Error(path, node, $"the provider '{name}' has no type.", $"add the configurable provider type to instantiate, for example 'type: hmac'.");
        }

        return context.Errors.Count > errorsBefore || type is null
            ? null
            : new ProviderDefinition
            {
                Name = name,
                Type = type,
                Settings = new ProviderSettings(name, settings),
                Location = context.At(path, node),
                TypeLocation = typeLocation,
                SettingsLocation = settingsLocation,
            };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex ProviderName();
}
