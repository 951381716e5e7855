using Unotify.Core.Configuration;

namespace Unotify.Core.Plugins;

/// <summary>
/// The plugin assemblies one process has loaded, by path. A configuration read again (a reload) takes the assembly
/// already loaded for a path instead of loading a second copy: a plugin's load context is never unloaded, so a second
/// copy would stay in memory for good and its types would not be the first copy's. A plugin file that changed on
/// disk after it was loaded keeps its loaded code until the process restarts; <see cref="ChangedOnDisk"/> says which.
/// </summary>
/// <remarks>Safe to use from many threads. Owns the load contexts; disposing it disposes them.</remarks>
public sealed class PluginAssemblyCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Loaded> _loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// The plugins of <paramref name="references"/>: each path loaded the first time it is asked for, and the loaded
    /// assembly after that. A path that failed to load is tried again next time (the file may have been fixed).
    /// </summary>
    /// <param name="references">The plugin assemblies, with the configuration entries that name them now.</param>
    /// <returns>The plugins (views that errors place at the entries given here), and an error for each that failed.</returns>
    public PluginLoadResult Load(IEnumerable<PluginReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var plugins = new List<PluginAssembly>();
        var errors = new List<ConfigurationError>();
        lock (_lock)
        {
            foreach (var reference in references)
            {
                if (!_loaded.TryGetValue(reference.Path, out var loaded))
                {
                    var stamp = FileStamp.Of(reference.Path);
                    var result = PluginAssemblyLoader.Load([reference]);
                    errors.AddRange(result.Errors);
                    if (result.Plugins.Count == 0)
                    {
                        continue;
                    }

                    loaded = new Loaded(result.Plugins[0], stamp);
                    _loaded[reference.Path] = loaded;
                }

                plugins.Add(loaded.Assembly.NamedBy(reference));
            }
        }

        return new PluginLoadResult(plugins, errors);
    }

    /// <summary>The paths among <paramref name="references"/> whose file changed on disk since this process loaded it.</summary>
    /// <param name="references">The plugin entries of a configuration.</param>
    /// <returns>The changed paths, in the order given.</returns>
    public IReadOnlyList<string> ChangedOnDisk(IEnumerable<PluginReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        lock (_lock)
        {
            return references
                .Where(reference => _loaded.TryGetValue(reference.Path, out var loaded) && loaded.Stamp != FileStamp.Of(reference.Path))
                .Select(reference => reference.Path)
                .ToList();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var loaded in _loaded.Values)
            {
                loaded.Assembly.Dispose();
            }

            _loaded.Clear();
        }
    }

    private sealed record Loaded(PluginAssembly Assembly, FileStamp Stamp);

    /// <summary>A file's size and last write time: enough to see that a build replaced it.</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(file.Length, file.LastWriteTimeUtc) : default;
        }
    }
}
