using Unotify.Core.Configuration;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Workers;
using Unotify.Host.Plugins;

namespace Unotify.Host.Reloading;

/// <summary>
/// One configuration in force: a read of workers.yaml and its state files, the providers it offers, the workers built
/// from it and the router and dead-letter store over them. Immutable; a reload builds the next generation and swaps it
/// in whole (<see cref="LiveConfiguration"/>), so a request or a job sees one generation from start to end.
/// </summary>
internal sealed class ConfigurationGeneration
{
    /// <summary>1 at start-up, one more with each reload that changed something.</summary>
    public required int Number { get; init; }

    /// <summary>When this generation was put in force.</summary>
    public required DateTimeOffset LoadedAt { get; init; }

    /// <summary>The workers file it was read from.</summary>
    public required WorkersFile File { get; init; }

    /// <summary>The plugins it loaded: the providers the payload route verifies with.</summary>
    public required PluginRuntime Plugins { get; init; }

    /// <summary>Its workers, in file order. A worker unchanged by a reload is the previous generation's object, still running.</summary>
    public required IReadOnlyList<Worker> Workers { get; init; }

    /// <summary>The plugin runtime that built each worker's processor, by worker name: kept alive while the worker runs.</summary>
    public required IReadOnlyDictionary<string, PluginRuntime> WorkerRuntimes { get; init; }

    /// <summary>Each worker's <see cref="ConfigurationFingerprint"/>, by name.</summary>
    public required IReadOnlyDictionary<string, string> Fingerprints { get; init; }

    /// <summary>The fingerprint of the file's <c>plugins:</c> and <c>providers:</c>.</summary>
    public required string SharedFingerprint { get; init; }

    /// <summary>
    /// Workers that an earlier generation of this process ran and this one does not: their queues and dead letters are
    /// kept in the store (never deleted by a reload) until the worker comes back or an operator purges them.
    /// </summary>
    public required IReadOnlyList<string> Removed { get; init; }

    /// <summary>Queues events for <see cref="Workers"/>.</summary>
    public required RedisEventRouter Router { get; init; }

    /// <summary>The dead letters of <see cref="Workers"/> and of <see cref="Removed"/>.</summary>
    public required RedisDeadLetterStore DeadLetters { get; init; }

    /// <summary>Every plugin runtime this generation uses: its own and those of the workers it kept.</summary>
    public IEnumerable<PluginRuntime> Runtimes => WorkerRuntimes.Values.Append(Plugins).Distinct();

    /// <summary>The worker named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public Worker? Find(string name) => Workers.FirstOrDefault(worker => string.Equals(worker.Name, name, StringComparison.Ordinal));
}
