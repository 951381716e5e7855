using System.Reflection;
using McMaster.NETCore.Plugins;
using Unotify.Core.Configuration;

namespace Unotify.Core.Plugins;

/// <summary>
/// A plugin assembly loaded into a load context of its own, with the provider and processor types found in it.
/// Disposing it unloads nothing still in use; it only releases the loader.
/// </summary>
public sealed class PluginAssembly : IDisposable
{
    private readonly PluginLoader _loader;
    private readonly bool _ownsLoader;

    internal PluginAssembly(PluginReference reference, PluginLoader loader, Assembly assembly, IReadOnlyList<Type> providerTypes, IReadOnlyList<ProcessorType> processorTypes, bool ownsLoader = true)
    {
        Reference = reference;
        _loader = loader;
        _ownsLoader = ownsLoader;
        Assembly = assembly;
        ProviderTypes = providerTypes;
        ProcessorTypes = processorTypes;
    }

    /// <summary>The plugin's file and the configuration entry that named it.</summary>
    public PluginReference Reference { get; }

    /// <summary>The plugin's name: its file name without extension.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Reference.Path);

    /// <summary>The plugin's main assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>The concrete <see cref="Sdk.IWebhookProvider"/> types in the assembly.</summary>
    public IReadOnlyList<Type> ProviderTypes { get; }

    /// <summary>The concrete <see cref="Sdk.IEventProcessor"/> types in the assembly, with their declared names and settings.</summary>
    public IReadOnlyList<ProcessorType> ProcessorTypes { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsLoader)
        {
            _loader.Dispose();
        }
    }

    /// <summary>
    /// The same loaded assembly as named by another configuration entry (a configuration read again): errors about it
    /// then point at <paramref name="reference"/>'s line. The view does not own the load context; disposing it does nothing.
    /// </summary>
    /// <param name="reference">The entry that names the plugin now.</param>
    /// <returns>A view of this assembly.</returns>
    internal PluginAssembly NamedBy(PluginReference reference) => new(reference, _loader, Assembly, ProviderTypes, ProcessorTypes, ownsLoader: false);
}
