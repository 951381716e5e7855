using Autofac;
using Unotify.Core.Configuration;
using Unotify.Core.Limits;
using Unotify.Core.Plugins;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.StateMachines;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Hosting;
using Unotify.Host.Plugins;
using Unotify.Sdk;

namespace Unotify.Host.Reloading;

/// <summary>
/// Reads workers.yaml and its state files into a <see cref="ConfigurationGeneration"/>: at start-up, and again at each
/// reload, where only the workers whose <see cref="ConfigurationFingerprint"/> changed get a new processor and the
/// others are carried over as they run. Reading is complete before anything is built: a configuration with any error
/// is refused whole (<see cref="ConfigurationException"/>, every error listed).
/// </summary>
internal sealed partial class ConfigurationLoader(
    HostRole role, string workersPath, Func<string, string?> environment, ILifetimeScope pluginContainer, PluginAssemblyCache assemblies, ILoggerFactory loggers)
{
    /// <summary>Reads and validates the files and sets up the plugins and processors of the workers that are new or changed since <paramref name="current"/>.</summary>
    /// <param name="store">The store, or its opening (start-up reads the files while the store opens).</param>
    /// <param name="current">The generation in force, or <see langword="null"/> at start-up.</param>
    /// <returns>The read configuration, not yet in force.</returns>
    /// <exception cref="ConfigurationException">A file, plugin or worker has errors; all are listed.</exception>
    public async Task<ReadConfiguration> ReadAsync(Task<RedisStore> store, ConfigurationGeneration? current)
    {
        var file = WorkersFileReader.Read(workersPath, new WorkersFileReaderOptions { Environment = environment }).GetOrThrow();
        // Fingerprints first: a state file saved while this reads it then differs from its fingerprint at the next
        // reload, which restarts the worker, rather than running a machine newer than the fingerprint says.
        var shared = ConfigurationFingerprint.OfShared(file);
        var fingerprints = file.Workers.ToDictionary(worker => worker.Name, ConfigurationFingerprint.Of, StringComparer.Ordinal);
        var errors = new List<ConfigurationError>();
        var warnings = new List<string>();
        var machines = role == HostRole.Serve ? null : StateMachineCatalog.Load(file, errors, warnings);
        var kept = current is null || current.SharedFingerprint != shared
            ? new HashSet<string>(StringComparer.Ordinal)
            : fingerprints.Where(pair => current.Fingerprints.GetValueOrDefault(pair.Key) == pair.Value).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        warnings.AddRange(assemblies.ChangedOnDisk(file.AllPlugins).Select(path =>
            $"the plugin {path} changed on disk after this process loaded it; the process keeps running the code it loaded until it restarts."));

        // Each new or changed worker's request limiter is handed to its processor now and used once the store is open.
        var limiters = machines is null
            ? null
            : file.Workers.Where(worker => !kept.Contains(worker.Name)).ToDictionary(worker => worker.Name, worker => new RedisRequestLimiter(store, worker.Name, worker.Rate), StringComparer.Ordinal);
        var toCreate = machines?.Where(pair => !kept.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var plugins = await PluginRuntime.CreateAsync(
            file, pluginContainer, toCreate, errors, limiters?.ToDictionary(pair => pair.Key, pair => (IRequestLimiter)pair.Value, StringComparer.Ordinal), assemblies).ConfigureAwait(false);
        return new ReadConfiguration(file, plugins, machines, limiters, fingerprints, shared, kept, warnings);
    }

    /// <summary>Builds the workers of <paramref name="read"/> (carrying over the kept ones of <paramref name="current"/>) and their router.</summary>
    /// <param name="read">A configuration read by <see cref="ReadAsync"/>.</param>
    /// <param name="store">The open store.</param>
    /// <param name="current">The generation in force, or <see langword="null"/> at start-up.</param>
    /// <param name="now">The time it is put in force.</param>
    /// <returns>The next generation.</returns>
    public ConfigurationGeneration Build(ReadConfiguration read, RedisStore store, ConfigurationGeneration? current, DateTimeOffset now)
    {
        var workers = new List<Worker>(read.File.Workers.Count);
        var runtimes = new Dictionary<string, PluginRuntime>(StringComparer.Ordinal);
        var textFinders = read.Plugins.TextFinders;
        foreach (var definition in read.File.Workers)
        {
            if (read.Kept.Contains(definition.Name) && current?.Find(definition.Name) is { } running)
            {
                workers.Add(running);
                runtimes[definition.Name] = current.WorkerRuntimes[definition.Name];
                continue;
            }

            if (definition.Partitions > 1 && store.IsSingleNode)
            {
                LogPartitionsWithoutCluster(loggers.CreateLogger<ConfigurationLoader>(), definition.Name, definition.Partitions, store.IsEmbedded ? "the embedded store" : "a single Redis server");
            }

            workers.Add(read.StateMachines is null
                ? Worker.Receiving(definition, store)
                : Worker.Running(definition, store, read.Plugins.Processors[definition.Name], read.StateMachines[definition.Name], loggers, read.Limiters?[definition.Name], textFinders));
            runtimes[definition.Name] = read.Plugins;
        }

        var names = workers.Select(worker => worker.Name).ToHashSet(StringComparer.Ordinal);
        var removed = current is null
            ? []
            : current.Workers.Select(worker => worker.Name).Concat(current.Removed).Where(name => !names.Contains(name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ConfigurationGeneration
        {
            Number = (current?.Number ?? 0) + 1,
            LoadedAt = now,
            File = read.File,
            Plugins = read.Plugins,
            Workers = workers,
            WorkerRuntimes = runtimes,
            Fingerprints = read.Fingerprints,
            SharedFingerprint = read.SharedFingerprint,
            Removed = removed,
            Router = new RedisEventRouter(store, workers),
            DeadLetters = new RedisDeadLetterStore(store, names.Concat(removed)),
        };
    }

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning,
        Message = "Worker {Worker} has partitions: {Partitions}, which spread its queue over the nodes of a Redis Cluster; on {Store} they all live on one node and only add a round trip per partition to each fetch. Remove partitions: or point UNOTIFY_REDIS at a cluster")]
    private static partial void LogPartitionsWithoutCluster(ILogger logger, string worker, int partitions, string store);
}

/// <summary>A configuration read and validated by <see cref="ConfigurationLoader.ReadAsync"/>, not yet in force.</summary>
/// <param name="File">The workers file.</param>
/// <param name="Plugins">Its plugins, with the processors of the new and changed workers.</param>
/// <param name="StateMachines">Each worker's state machines; <see langword="null"/> in a process that runs no workers.</param>
/// <param name="Limiters">The request limiters of the new and changed workers; <see langword="null"/> in a process that runs no workers.</param>
/// <param name="Fingerprints">Each worker's fingerprint.</param>
/// <param name="SharedFingerprint">The fingerprint of <c>plugins:</c> and <c>providers:</c>.</param>
/// <param name="Kept">The workers unchanged since the generation in force, which keep running as they are.</param>
/// <param name="Warnings">What is worth a warning in the log (a state file's unreachable state, a plugin changed on disk).</param>
internal sealed record ReadConfiguration(
    WorkersFile File,
    PluginRuntime Plugins,
    IReadOnlyDictionary<string, IStateMachines>? StateMachines,
    IReadOnlyDictionary<string, RedisRequestLimiter>? Limiters,
    IReadOnlyDictionary<string, string> Fingerprints,
    string SharedFingerprint,
    IReadOnlySet<string> Kept,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Whether this configuration means the same as <paramref name="current"/>: the same workers, each kept.</summary>
    public bool Matches(ConfigurationGeneration current) =>
        Kept.Count == current.Workers.Count && Kept.Count == File.Workers.Count && SharedFingerprint == current.SharedFingerprint;
}
