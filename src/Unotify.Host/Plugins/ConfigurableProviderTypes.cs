using System.Reflection;
using Unotify.Core.Configuration;
using Unotify.Core.Plugins;
using Unotify.Sdk;

namespace Unotify.Host.Plugins;

/// <summary>Finds the configurable provider types (<see cref="ConfigurableProviderAttribute"/>) of loaded plugins by their type name.</summary>
internal static class ConfigurableProviderTypes
{
    /// <summary>The type name <paramref name="providerType"/> declares, or <see langword="null"/> for a plain provider.</summary>
    public static string? TypeName(Type providerType) =>
        providerType.GetCustomAttribute<ConfigurableProviderAttribute>(inherit: false)?.Type;

    /// <summary>Every configurable provider type by its type name (compared case-insensitively); a name declared twice is an error.</summary>
    public static Dictionary<string, (PluginAssembly Plugin, Type Type)> Find(IEnumerable<PluginAssembly> plugins, List<ConfigurationError> errors)
    {
        var types = new Dictionary<string, (PluginAssembly, Type)>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in plugins)
        {
            foreach (var type in plugin.ProviderTypes)
            {
                if (TypeName(type) is { } name && !types.TryAdd(name, (plugin, type)))
                {
                    errors.Add(plugin.Reference.Location.Error(
                        $"two provider classes declare the configurable provider type '{name}' (the second is {type.FullName} in {plugin.Reference.Path}).",
                        "load only one plugin per provider type."));
                }
            }
        }

        return types;
    }
}
