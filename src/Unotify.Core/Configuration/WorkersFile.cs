namespace Unotify.Core.Configuration;

/// <summary>A validated <c>workers.yaml</c>: the plugins to load and the workers to run.</summary>
/// <param name="Path">The file's absolute path.</param>
/// <param name="Plugins">The plugin assemblies every worker may use: the <c>plugins:</c> list, or the default scan.</param>
/// <param name="Workers">The workers, in file order.</param>
public sealed record WorkersFile(string Path, IReadOnlyList<PluginReference> Plugins, IReadOnlyList<WorkerDefinition> Workers)
{
    /// <summary>Every plugin assembly: the global list and each worker's own, without repeats.</summary>
    public IReadOnlyList<PluginReference> AllPlugins =>
        Plugins.Concat(Workers.SelectMany(worker => worker.Plugins))
            .DistinctBy(plugin => plugin.Path, StringComparer.Ordinal)
            .ToList();
}
