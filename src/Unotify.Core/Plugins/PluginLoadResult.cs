using Unotify.Core.Configuration;

namespace Unotify.Core.Plugins;

/// <summary>The plugins that loaded, and an error for each one that did not.</summary>
/// <param name="Plugins">The loaded plugins.</param>
/// <param name="Errors">Why the others failed: the file, the configuration entry and the reason.</param>
public sealed record PluginLoadResult(IReadOnlyList<PluginAssembly> Plugins, IReadOnlyList<ConfigurationError> Errors);
