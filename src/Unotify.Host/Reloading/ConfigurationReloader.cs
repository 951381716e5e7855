using System.Runtime.InteropServices;
using Unotify.Core.Configuration;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Hosting;
using Unotify.Host.Metrics;
using Unotify.Host.Workers;

namespace Unotify.Host.Reloading;

/// <summary>
/// Reloads workers.yaml and its state files without a restart, when they change on disk (unless
/// <see cref="HostSettings.WatchConfiguration"/> is off), on SIGHUP, and on <c>POST /conduit/admin/reload</c>. The new
/// configuration is read and validated whole first; when it is valid it is put in force and the workers it added,
/// changed or removed are started, restarted or stopped (<see cref="WorkerFleet"/>); when it is not, the configuration
/// in force keeps running and the errors are logged, kept for <c>/readyz</c> and counted. One reload runs at a time.
/// </summary>
internal sealed partial class ConfigurationReloader(
    LiveConfiguration live, ConfigurationLoader loader, WorkerFleet fleet, RedisStore store, UnotifyMeter meter, HostSettings settings, TimeProvider time,
    ILogger<ConfigurationReloader> logger) : IHostedService, IDisposable
{
    /// <summary>The trigger of a reload asked for by a change on disk.</summary>
    public const string FileTrigger = "file";

    /// <summary>The trigger of a reload asked for by SIGHUP.</summary>
    public const string SignalTrigger = "signal";

    /// <summary>The trigger of a reload asked for over HTTP.</summary>
    public const string ApiTrigger = "api";

    /// <summary>How long the files must stay quiet before a change on disk is read: an editor's save is several events.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _watchLock = new();
    private List<FileSystemWatcher> _watchers = [];
    private PosixSignalRegistration? _hangUp;
    private ITimer? _settle;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        meter.ObserveReloadFailing(() => live.LastReload?.Result == ReloadReport.Failed);
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // SIGHUP would end the process; here it asks for a reload. Said at once, so that an operator (and a
                // test) can tell a signal that never arrived from a reload that did not finish.
                context.Cancel = true;
                LogHangUp(logger);
                Trigger(SignalTrigger);
            });
        }

        if (settings.WatchConfiguration)
        {
            _settle = time.CreateTimer(_ => Trigger(FileTrigger), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Watch(live.Current);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _hangUp?.Dispose();
        _hangUp = null;
        StopWatching();
        await _stopping.CancelAsync();

        // A reload already under way finishes (the fleet, stopping too, starts nothing new) before the host goes on.
        await _gate.WaitAsync(cancellationToken);
        _gate.Release();
    }

    /// <summary>Reads the configuration again and, when it is valid and differs, puts it in force.</summary>
    /// <param name="trigger">What asked: <see cref="FileTrigger"/>, <see cref="SignalTrigger"/> or <see cref="ApiTrigger"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for a reload already running.</param>
    /// <returns>What the reload did.</returns>
    public async Task<ReloadReport> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Finish(await ReloadOnceAsync(trigger));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        StopWatching();
        _hangUp?.Dispose();
        _settle?.Dispose();
        _stopping.Dispose();
        _gate.Dispose();
    }

    private async Task<ReloadReport> ReloadOnceAsync(string trigger)
    {
        var current = live.Current;
        ReadConfiguration read;
        try
        {
            read = await loader.ReadAsync(Task.FromResult(store), current);
        }
        catch (ConfigurationException exception)
        {
            return Report(trigger, ReloadReport.Failed, current.Number, errors: exception.Errors);
        }

        if (read.Matches(current))
        {
            await read.Plugins.DisposeAsync();
            return Report(trigger, ReloadReport.Unchanged, current.Number, warnings: read.Warnings);
        }

        var next = loader.Build(read, store, current, time.GetUtcNow());
        live.Swap(next);
        var added = next.Workers.Where(worker => current.Find(worker.Name) is null).Select(worker => worker.Name).ToList();
        var changed = next.Workers.Where(worker => current.Find(worker.Name) is { } old && !ReferenceEquals(old, worker)).Select(worker => worker.Name).ToList();
        var removed = current.Workers.Where(worker => next.Find(worker.Name) is null).Select(worker => worker.Name).ToList();

        // The consumers of removed and changed workers finish or give back their jobs before the new ones start.
        await fleet.ApplyAsync(next, CancellationToken.None);
        live.Retire(current);
        foreach (var name in removed)
        {
            await LogKeptQueueAsync(name);
        }

        if (settings.WatchConfiguration)
        {
            Watch(next);
        }

        return Report(trigger, ReloadReport.Applied, next.Number, added, changed, removed, warnings: read.Warnings);
    }

    private ReloadReport Report(
        string trigger, string result, int generation, IReadOnlyList<string>? added = null, IReadOnlyList<string>? changed = null, IReadOnlyList<string>? removed = null,
        IReadOnlyList<ConfigurationError>? errors = null, IReadOnlyList<string>? warnings = null) =>
        new(time.GetUtcNow(), trigger, result, generation, added ?? [], changed ?? [], removed ?? [], errors ?? [], warnings ?? []);

    private ReloadReport Finish(ReloadReport report)
    {
        meter.ConfigurationReloads.Add(1, new KeyValuePair<string, object?>("result", report.Result), new KeyValuePair<string, object?>("trigger", report.Trigger));
        foreach (var warning in report.Warnings)
        {
            LogWarning(logger, warning);
        }

        switch (report.Result)
        {
            case ReloadReport.Failed:
                LogRefused(logger, report.Trigger, report.Errors.Count, string.Join(Environment.NewLine, report.Errors.Select(error => "  " + error)));
                break;
            case ReloadReport.Unchanged:
                LogUnchanged(logger, report.Trigger);
                break;
            default:
                LogApplied(logger, report.Generation, report.Trigger, List(report.Added), List(report.Changed), List(report.Removed));
                break;
        }

        // Recorded last: once /readyz shows a reload, its log lines and its count are out too.
        live.Record(report);
        return report;
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private async Task LogKeptQueueAsync(string worker)
    {
        try
        {
            var counts = await new RedisWorkerQueue(store, worker).CountAsync(CancellationToken.None);
            LogRemoved(logger, worker, counts.Due + counts.Leased, counts.DeadLettered);
        }
        catch (StoreUnavailableException exception)
        {
            LogRemovedUncounted(logger, worker, exception.Message);
        }
    }

    /// <summary>Asks for a reload in the background; a reload already waiting covers this one too.</summary>
    private void Trigger(string trigger)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _ = RunAsync(trigger);
    }

    private async Task RunAsync(string trigger)
    {
        try
        {
            await ReloadAsync(trigger, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host is stopping; the configuration in force is the one it stops with.
        }
        catch (Exception exception)
        {
            // The boundary of a reload nobody awaits: said in the log, and the configuration in force keeps running.
            LogCrashed(logger, exception, trigger);
        }
    }

    /// <summary>Watches the directories of workers.yaml and of every state file <paramref name="generation"/> reads.</summary>
    private void Watch(ConfigurationGeneration generation)
    {
        var files = generation.File.Workers.Select(worker => worker.StateFile).OfType<string>().Prepend(generation.File.Path)
            .Select(path => Path.GetFullPath(path))
            .Distinct(StringComparer.Ordinal)
            .GroupBy(path => Path.GetDirectoryName(path)!, StringComparer.Ordinal);
        var watchers = new List<FileSystemWatcher>();
        foreach (var directory in files)
        {
            var names = directory.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            try
            {
                var watcher = new FileSystemWatcher(directory.Key)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                FileSystemEventHandler changed = (_, change) => OnChange(names, change.Name, null);
                watcher.Changed += changed;
                watcher.Created += changed;
                watcher.Deleted += changed;
                watcher.Renamed += (_, change) => OnChange(names, change.Name, change.OldName);
                watcher.Error += (_, error) =>
                {
                    LogWatchError(logger, directory.Key, error.GetException().Message);
                    _settle?.Change(Settle, Timeout.InfiniteTimeSpan);
                };
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException)
            {
                LogCannotWatch(logger, directory.Key, exception.Message);
            }
        }

        List<FileSystemWatcher> old;
        lock (_watchLock)
        {
            old = _watchers;
            _watchers = watchers;
        }

        foreach (var watcher in old)
        {
            watcher.Dispose();
        }
    }

    /// <summary>
    /// A change to a watched file, or to a name starting with <c>..</c> (Kubernetes swaps a mounted ConfigMap's files by
    /// renaming its <c>..data</c> link), asks for a reload once the files are quiet.
    /// </summary>
    private void OnChange(HashSet<string?> names, string? name, string? oldName)
    {
        if (names.Contains(name) || names.Contains(oldName) || name?.StartsWith("..", StringComparison.Ordinal) == true)
        {
            _settle?.Change(Settle, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopWatching()
    {
        List<FileSystemWatcher> old;
        lock (_watchLock)
        {
            old = _watchers;
            _watchers = [];
        }

        foreach (var watcher in old)
        {
            watcher.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP received: reading the configuration again")]
    private static partial void LogHangUp(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration reloaded ({Trigger}): generation {Generation}; workers added: {Added}; changed: {Changed}; removed: {Removed}")]
    private static partial void LogApplied(ILogger logger, int generation, string trigger, string added, string changed, string removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration reload ({Trigger}): the files mean what runs now; nothing restarted")]
    private static partial void LogUnchanged(ILogger logger, string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration reload ({Trigger}) refused, the configuration in force keeps running. {Count} error(s):\n{Errors}")]
    private static partial void LogRefused(ILogger logger, string trigger, int count, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration warning: {Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} was removed from workers.yaml and stopped; its queue is kept ({Waiting} job(s) waiting, {Dead} dead letter(s)): add the worker back to run them, or purge its dead letters with `unotify dead purge {Worker}`")]
    private static partial void LogRemoved(ILogger logger, string worker, long waiting, long dead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} was removed from workers.yaml and stopped; its queue is kept (not counted: {Reason})")]
    private static partial void LogRemovedUncounted(ILogger logger, string worker, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration reload ({Trigger}) failed; the configuration in force keeps running")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Directory} for configuration changes ({Reason}); reload with SIGHUP or POST /conduit/admin/reload")]
    private static partial void LogCannotWatch(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Directory} for configuration changes failed ({Reason}); reloading to be sure")]
    private static partial void LogWatchError(ILogger logger, string directory, string reason);
}
