using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Unotify.Core.Storage;

/// <summary>
/// A Garnet server inside this process, on a free 127.0.0.1 port, persisting under a data directory: the store used
/// when no Redis is configured, so a first run needs no install.
/// </summary>
/// <remarks>
/// <para>
/// Options that matter: <c>--lua --lua-transaction-mode</c> (without transaction mode Garnet's Lua scripts are not
/// atomic), <c>--aof --recover --checkpointdir</c> (data survives a restart: the latest checkpoint is loaded and the
/// append-only file after it replayed), and <c>--device-type RandomAccess</c> (the default device crashes the process
/// on Debian 12 when AOF is on).
/// </para>
/// <para>
/// Garnet answers a write before its append-only file entry is committed, so a <c>kill -9</c> right after the answer
/// can lose it. Where that matters (a delivery answered 202, a hook whose secret was shown, a claim before an
/// effect), the caller awaits <see cref="WaitForCommitAsync"/> before it answers or acts: one commit covers every
/// write made before it, so concurrent callers share commits. Garnet's own <c>--aof-commit-wait</c> would delay every
/// reply instead, and does so by blocking the thread that sends it, which this process shares with the host.
/// </para>
/// <para>
/// A script's writes reach the append-only file one by one, with no transaction around them, so a crash may keep the
/// first writes of a script and lose the rest; the queue's scripts are ordered so that any such prefix loses nothing
/// (see QueueScripts).
/// </para>
/// <para>
/// Memory is bounded, not proportional to the backlog: the log keeps <see cref="LogMemory"/> in memory and tiers the
/// rest to disk (<c>--storage-tier</c>), which works because each queued job is its own key (a hash of all jobs would
/// be one object that can only move as a whole).
/// </para>
/// <para>
/// Disk is bounded, not proportional to the history: each checkpoint first compacts the log (<c>Lookup</c>, once it
/// holds more than two segments: the records still live are copied to the tail) and then deletes the segments before
/// them. A checkpoint is taken whenever the append-only file outgrows <see cref="EmbeddedGarnetSizes.AofSizeLimit"/>
/// (checked every 5 s), and every <see cref="DefaultCheckpointInterval"/> besides, so the directory holds what is live,
/// about two segments and what was written since the last checkpoint, whatever the rate (bench/README.md, "The
/// stores"). A restart replays at most that append-only file. Compaction runs with the checkpoint, not on a timer of
/// its own: every compaction copies all that is live, and the delivery history keeps each body for a day, so on a
/// 10-second timer a store whose live records outgrew a segment (64 MB) copied them all every 10 s while idle, and
/// its log grew by 0.6 GB a minute until the next checkpoint. Garnet 2.2.8's compaction deadlocked with Lua
/// transactions under writes; 2.2.12's does not.
/// </para>
/// </remarks>
public sealed class EmbeddedGarnetServer : IAsyncDisposable
{
    private readonly GarnetServer _server;
    private readonly DataDirectoryLock _lock;
    private readonly string _password;
    private readonly ILogger _logger;
    private readonly GarnetRecoveryTranscript _recovery;
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    private EmbeddedGarnetServer(GarnetServer server, DataDirectoryLock directoryLock, GarnetRecoveryTranscript recovery, int port, string dataDirectory, string password, ILogger logger)
    {
        _server = server;
        _recovery = recovery;
        _lock = directoryLock;
        _password = password;
        _logger = logger;
        Port = port;
        DataDirectory = dataDirectory;
    }

    /// <summary>How often a server started without an interval checkpoints its store.</summary>
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromMinutes(5);

    /// <summary>The largest value the server keeps (inline in its log): 2 MB.</summary>
    public const int MaxValueBytes = 2 * 1024 * 1024;

    /// <summary>The log memory (keys and values together) kept in the process; older records live on disk.</summary>
    public const string LogMemory = "64m";

    /// <summary>The append-only file's page (<c>--aof-page-size</c>): it holds a whole entry and must be at least twice the log's page.</summary>
    private const string AofPageSize = "8m";

    /// <summary>
    /// How long <see cref="DisposeAsync"/> waits for Garnet to shut down once everything written is committed. Garnet
    /// 2.2.12's shutdown waits for a running checkpoint, and a checkpoint's compaction can wait for good for a read
    /// that is only issued once another operation passes through the store, which none does once the server stops
    /// listening (bench/README.md, "The burst's writers").
    /// </summary>
    internal static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The directory holding the append-only file and checkpoints.</summary>
    public string DataDirectory { get; }

    /// <summary>A StackExchange.Redis connection string for the server, with its password.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={_password}";

    /// <summary>Starts a server persisting under <paramref name="dataDirectory"/> (created when missing).</summary>
    /// <param name="dataDirectory">Where the data lives; a later start on the same directory recovers it.</param>
    /// <param name="loggerFactory">Where Garnet logs, or <see langword="null"/> for nowhere.</param>
    /// <returns>The running server.</returns>
    public static EmbeddedGarnetServer Start(string dataDirectory, ILoggerFactory? loggerFactory = null) =>
        Start(dataDirectory, DefaultCheckpointInterval, loggerFactory);

    /// <summary>Starts a server persisting under <paramref name="dataDirectory"/> that checkpoints every <paramref name="checkpointInterval"/>.</summary>
    /// <param name="dataDirectory">Where the data lives; a later start on the same directory recovers it.</param>
    /// <param name="checkpointInterval">How often the store is checkpointed and the append-only file truncated (whole seconds, at least one).</param>
    /// <param name="loggerFactory">Where Garnet logs, or <see langword="null"/> for nowhere.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="StoreConfigurationException">Another process has the directory open, or Garnet cannot start on it.</exception>
    public static EmbeddedGarnetServer Start(string dataDirectory, TimeSpan checkpointInterval, ILoggerFactory? loggerFactory = null) =>
        Start(dataDirectory, EmbeddedGarnetSizes.Default, checkpointInterval, loggerFactory);

    /// <summary>Starts a server whose log segments and append-only file limit are <paramref name="sizes"/>.</summary>
    internal static EmbeddedGarnetServer Start(string dataDirectory, EmbeddedGarnetSizes sizes, TimeSpan checkpointInterval, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointInterval, TimeSpan.FromSeconds(1));
        var root = Path.GetFullPath(dataDirectory);
        var directoryLock = DataDirectoryLock.Acquire(root);
        try
        {
            return Start(root, directoryLock, sizes, checkpointInterval, loggerFactory);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static EmbeddedGarnetServer Start(string root, DataDirectoryLock directoryLock, EmbeddedGarnetSizes sizes, TimeSpan checkpointInterval, ILoggerFactory? loggerFactory)
    {
        var checkpoints = Path.Combine(root, "garnet", "checkpoints");
        var log = Path.Combine(root, "garnet", "log");
        Directory.CreateDirectory(checkpoints);
        Directory.CreateDirectory(log);
        var objectLogSegment = ObjectLogSegmentRecord.Resolve(Path.Combine(root, "garnet"), sizes.ObjectLogSegment);
        // Where Garnet keeps its append-only file's segments and commit records.
        var appendOnlyFile = Path.Combine(checkpoints, "AOF");
        var logger = loggerFactory?.CreateLogger("Unotify.Store") ?? NullLogger.Instance;
        EraseTornCommitRecord(appendOnlyFile, sizes, logger);
        var port = FreeLoopbackPort();

        // Other local users can reach a loopback port: the server takes a password, new at every start, which only
        // this process and the owner of the data directory (unotify.endpoint) know.
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string[] arguments =
        [
            "-q", // quiet: no banner on the host's console
            "--bind", "127.0.0.1",
            "--port", port.ToString(invariant),
            "--auth", "Password", "--password", password,
            "--lua", "--lua-transaction-mode",
            "--aof", "--recover",
            "--checkpointdir", checkpoints,
            "--checkpoint-freq", ((int)checkpointInterval.TotalSeconds).ToString(invariant),
            "--device-type", "RandomAccess",
            "--storage-tier", "--logdir", log,
            "--memory", LogMemory,
            // Every job is kept inline in the log (a payload over 1 MB is a file beside it, PayloadFiles, and
            // RedisStore.MaxJobBytes refuses a larger job): Garnet keeps a value above
            // --max-inline-value-size as a heap array until its record's page leaves memory, which a queue's small
            // records delay for thousands of deliveries, so such values pile up (12 deliveries of 18 MB left 1.3 GB on
            // the heap; 2.2.8 also crashed tiering them). The inline limit is at most half a page; larger pages (8 MB,
            // 16 MB) let larger jobs in but cost 30-65 MB more RSS, idle and under load, through the AOF pages that must
            // be twice as large (bench/README.md). Half the log is kept mutable: at 90 % (the default) writers stalled
            // for up to 3 s while pages were flushed under a backlog.
            "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
            // The defaults (128 MB index, 128 MB AOF buffer) are sized for a cache server; a queue of webhooks needs far
            // less. The index (about 1.8 million keys before it chains) may double up to 256 MB if the keys outgrow it.
            "--index", "16m", "--index-max-size", "256m",
            // An AOF page holds a whole entry and must be at least twice the log's page.
            "--aof-memory", "16m", "--aof-page-size", AofPageSize,
            // Files are created and deleted whole: smaller ones let a checkpoint give the AOF's space back sooner.
            "--aof-segment-size", sizes.AofSegment, "--segment", sizes.Segment,
            // Garnet deletes its object log a segment at a time, so with its default of 1 GB the history's objects,
            // rewritten whole whenever they change, left up to 1-2 GB behind them (bench/README.md, "The object log").
            "--object-log-segment", objectLogSegment,
            // Bounded disk (see the remarks). Lookup checks each record's liveness through the main index; Scan builds a
            // second index as large as the keyspace while it runs. Force-delete stays off: segments are deleted only
            // once a checkpoint no longer needs them, so a crash between compaction and checkpoint recovers.
            "--compaction-type", "Lookup", "--compaction-freq", "0", "--compaction-max-segments", "2",
            "--aof-size-limit", sizes.AofSizeLimit,
        ];
        GarnetServer server;
        var recovery = new GarnetRecoveryTranscript();
        try
        {
            server = new GarnetServer(arguments, new WarningsOnly(loggerFactory ?? NullLoggerFactory.Instance, recovery), cleanupDir: false);
            server.Start();
        }
        // Garnet reports bad settings and unusable directories with plain System.Exception.
        catch (Exception exception)
        {
            throw new StoreConfigurationException(
                $"Could not start the embedded Garnet server with data directory '{root}' ({exception.Message}). "
                + "Check that the directory is writable, or set UNOTIFY_REDIS to use an external Redis.",
                exception);
        }
        finally
        {
            // Garnet recovers inside Start; what it says after that is the running server's, not the recovery's.
            recovery.Stop();
        }

        var embedded = new EmbeddedGarnetServer(server, directoryLock, recovery, port, root, password, logger);
        try
        {
            EmbeddedServerEndpoint.Write(root, embedded.ConnectionString);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            server.Dispose();
            throw new StoreConfigurationException($"Could not write the server's address into the data directory '{root}' ({exception.Message}). Check that it is writable.", exception);
        }

        embedded._watching = new CheckpointWatch(appendOnlyFile, sizes.AofSizeLimitBytes, TimeProvider.System, logger)
            .RunAsync(root, embedded._stopping.Token);

        return embedded;
    }

    /// <summary>
    /// What Garnet said while it recovered the directory (every level, which the host's log does not show) and the files
    /// the directory holds, for the message of a start that is refused; see <see cref="EmbeddedStoreMarker"/>.
    /// </summary>
    internal string DescribeRecovery() => _recovery.Describe(Path.Combine(DataDirectory, "garnet"));

    /// <summary>
    /// Completes once the append-only file holds every write the server has made so far, so that they survive a crash
    /// of the process.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes after the commit.</returns>
    public async Task WaitForCommitAsync(CancellationToken cancellationToken) =>
        await _server.Store.WaitForCommitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Commits the append-only file, then stops the server, waiting at most <see cref="StopLimit"/> for it: a server
    /// that takes longer is left to the process's exit (logged), with the data directory still locked.
    /// </summary>
    /// <returns>A task that completes when the server has stopped or been given up on.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        _stopping.Dispose();

        // Writes are answered before their append-only file entry is committed: commit the last ones, or a restart
        // loses them.
        await _server.Store.CommitAOFAsync(CancellationToken.None).ConfigureAwait(false);
        EmbeddedServerEndpoint.Delete(DataDirectory);
        if (await StopsWithinAsync(_server.Dispose, StopLimit).ConfigureAwait(false))
        {
            _lock.Dispose();
        }
        else
        {
            // The lock stays: the server may still write to the directory until the process ends.
            StoreLog.EmbeddedServerStopAbandoned(_logger, StopLimit.TotalSeconds, DataDirectory);
        }
    }

    /// <summary>
    /// Runs <paramref name="stop"/> on a thread of its own (a background thread, which does not keep the process
    /// alive) and waits for it at most <paramref name="limit"/>.
    /// </summary>
    /// <returns><see langword="true"/> once it has returned; <see langword="false"/> when it is still running.</returns>
    /// <exception cref="Exception">Whatever <paramref name="stop"/> threw within the limit.</exception>
    internal static async Task<bool> StopsWithinAsync(Action stop, TimeSpan limit)
    {
        var stopping = Task.Factory.StartNew(stop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var timer = new CancellationTokenSource();
        if (await Task.WhenAny(stopping, Task.Delay(limit, timer.Token)).ConfigureAwait(false) != stopping)
        {
            return false;
        }

        await timer.CancelAsync().ConfigureAwait(false);
        await stopping.ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Stops the server without committing the append-only file, leaving the directory's files as they were found: for a
    /// store that did not recover, whose files must not be overwritten by the empty one.
    /// </summary>
    internal void DisposeWithoutCommit()
    {
        _stopping.Cancel();
        EmbeddedServerEndpoint.Delete(DataDirectory);
        _server.Dispose();
        _lock.Dispose();
    }

    /// <summary>
    /// Garnet's own log, under one category and from Warning up: its recovery and I/O errors must reach the operator,
    /// its per-connection chatter must not. While it recovers, every level also goes to the recovery transcript.
    /// </summary>
    private sealed class WarningsOnly(ILoggerFactory loggers, GarnetRecoveryTranscript recovery) : ILoggerFactory
    {
        private readonly ILogger _logger = new Filtered(loggers.CreateLogger("Unotify.Store.Garnet"), recovery);

        public ILogger CreateLogger(string categoryName) => _logger;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("Garnet's log goes where the host's does.");

        public void Dispose()
        {
            // The host owns the factory it wraps.
        }

        private sealed class Filtered(ILogger inner, GarnetRecoveryTranscript recovery) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => recovery.IsRecording || (logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel));

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (recovery.IsRecording)
                {
                    recovery.Record(logLevel, formatter(state, exception), exception);
                }

                // Garnet warns at every start that its own log options are ignored because it was given a logger, and
                // logs its background tasks' cancellation at every stop as an error with a stack trace
                // (IndexAutoGrowTaskAsync): neither is a problem an operator has.
                if (logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel) && exception is not OperationCanceledException
                    && !formatter(state, exception).StartsWith("Received an external ILoggerFactory", StringComparison.Ordinal))
                {
                    inner.Log(logLevel, eventId, state, exception, formatter);
                }
            }
        }
    }

    /// <summary>
    /// Erases the commit record a crash cut short at the end of the append-only file, which Garnet 2.2.12 would read as
    /// "nothing committed" and start empty (<see cref="TornCommitRecord"/>); logged, because it means the last process
    /// was killed in the middle of a commit.
    /// </summary>
    /// <exception cref="StoreConfigurationException">The append-only file could not be read or written.</exception>
    private static void EraseTornCommitRecord(string aofDirectory, EmbeddedGarnetSizes sizes, ILogger logger)
    {
        try
        {
            if (TornCommitRecord.EraseAtEnd(aofDirectory, EmbeddedGarnetSizes.BytesOf(AofPageSize), EmbeddedGarnetSizes.BytesOf(sizes.AofSegment)) is { } erased)
            {
                StoreLog.TornCommitRecordErased(logger, erased.BytesOnDisk, erased.RecordBytes, erased.Address, erased.File);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StoreConfigurationException(
                $"Could not read the end of the embedded store's append-only file in '{aofDirectory}' ({exception.Message}). Check that the directory and its files are readable and writable by this user.",
                exception);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
