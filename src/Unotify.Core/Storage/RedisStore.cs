using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Unotify.Core.Security;

namespace Unotify.Core.Storage;

/// <summary>
/// The connection to Redis (or to the embedded Garnet server it starts), the key names and the secret key: the one
/// object the registry, router, queues and SDK stores share. Create one per process with <see cref="OpenAsync"/>.
/// </summary>
public sealed class RedisStore : IAsyncDisposable
{
    private readonly EmbeddedGarnetServer? _embedded;

    private readonly bool _attachedToEmbedded;

    private readonly PayloadFileSweeper? _sweeper;

    private readonly ExpiredKeyReaper? _reaper;

    private RedisStore(ConnectionMultiplexer connection, EmbeddedGarnetServer? embedded, string? attachedDataDirectory, string keyPrefix, byte[] secretKey, TimeProvider time, ILogger? logger, TimeSpan callDeadline, TimeSpan expiredKeyScanInterval, TimeSpan deduplicationWindow)
    {
        CallDeadline = callDeadline;
        DeduplicationWindow = deduplicationWindow;
        var attachedToEmbedded = attachedDataDirectory is not null;
        var dataDirectory = embedded?.DataDirectory ?? attachedDataDirectory;
        PayloadFiles = dataDirectory is null ? null : new PayloadFiles(dataDirectory, time);
        if (embedded is not null)
        {
            _sweeper = new PayloadFileSweeper(this, PayloadFiles!, logger);
            _reaper = new ExpiredKeyReaper(this, expiredKeyScanInterval, ExpiredKeyReaper.FirstScanAfterStart, Path.Combine(embedded.DataDirectory, "expiring-keys"), logger);
        }

        Connection = connection;
        _embedded = embedded;
        _attachedToEmbedded = attachedToEmbedded;
        Keys = new KeySpace(keyPrefix);
        Cipher = new SecretCipher(secretKey);
        Time = time;
        Outage = new StoreOutage(logger, time);
        _sweeper?.Start();
        _reaper?.Start();
    }

    /// <summary>The key prefix.</summary>
    public string KeyPrefix => Keys.Prefix;

    /// <summary>
    /// The longest any call to the store is waited for: twice the client's own timeout and a second. The client times
    /// out first; this deadline only bounds a call whose task the client never completes (a known failure mode of
    /// StackExchange.Redis around reconnects), which would otherwise hold a job's attempt, and its lease, forever.
    /// </summary>
    public TimeSpan CallDeadline { get; }

    /// <summary>How long a delivery id is remembered, for every worker's de-duplication (<see cref="StoreOptions.DeduplicationWindow"/>).</summary>
    public TimeSpan DeduplicationWindow { get; }

    /// <summary>Whether this store started an embedded Garnet server.</summary>
    public bool IsEmbedded => _embedded is not null;

    /// <summary>
    /// Whether the store is known to be one node: the embedded Garnet, or a connected Redis that is not a cluster.
    /// <see langword="false"/> for a cluster, and for a Redis not reached yet (nothing is known of it then).
    /// </summary>
    public bool IsSingleNode =>
        IsEmbedded || (Connection.IsConnected && !Connection.GetServers().Any(server => server.ServerType == ServerType.Cluster));

    /// <summary>Whether this store is connected to the embedded server another process runs (<see cref="StoreOptions.AttachToRunningServer"/>).</summary>
    public bool IsAttachedToEmbedded => _attachedToEmbedded;

    /// <summary>
    /// The largest stored job this store takes, or <see langword="null"/> for no limit of ours (an external Redis; its own
    /// 512 MB string limit is far above the 25 MB body limit). The embedded server keeps values up to
    /// <see cref="EmbeddedGarnetServer.MaxValueBytes"/>; 256 KB of that is left for the error text a retry or a dead
    /// letter adds (at most 32 K characters, see RedisWorkerQueue). A payload over 1 MB is not in the job there (it is
    /// in a file, <see cref="PayloadFiles"/>), so only a delivery whose texts alone are that large is refused.
    /// </summary>
    public long? MaxJobBytes => _embedded is null ? null : EmbeddedGarnetServer.MaxValueBytes - (256 * 1024);

    /// <summary>
    /// Whether a payload over <c>JobJson.PartBytes</c> is stored in parts beside its job: on Redis and Valkey, where no
    /// key then grows past 1 MB (a big key blocks a Cluster's slot migration and the server while it is deleted). Not on
    /// the embedded Garnet: with parts, Garnet 2.2.12's log compaction failed with a NullReferenceException
    /// (<c>TsavoriteKV.TryCopyToTail</c>) again and again, so neither compaction nor the checkpoints after it ran and the
    /// data directory grew without bound (bench/README.md, "Large bodies"); its large payloads go in files beside it
    /// instead (<see cref="PayloadFiles"/>).
    /// </summary>
    public bool StoresPayloadsInParts => _embedded is null && !_attachedToEmbedded;

    /// <summary>
    /// Where the embedded store keeps payloads over <c>JobJson.PartBytes</c>, as files beside it, its jobs naming them
    /// (the embedded server's own process and a process attached to it); <see langword="null"/> for an external Redis,
    /// which keeps them in parts (<see cref="StoresPayloadsInParts"/>).
    /// </summary>
    public PayloadFiles? PayloadFiles { get; }

    /// <summary>
    /// The name of the payload file that holds <paramref name="payload"/>, written now if need be, when this store keeps
    /// payloads of its size in files; <see langword="null"/> otherwise. Call it before storing the first job that names it.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The file could not be written (a full disk, a directory that is not writable).</exception>
    internal async Task<string?> KeepPayloadFileAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (PayloadFiles is null || payload.Length <= Queue.JobJson.PartBytes)
        {
            return null;
        }

        try
        {
            return await PayloadFiles.KeepAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"Could not write a payload file into {PayloadFiles.Directory} ({exception.Message}); free disk space or make the data directory writable.", exception);
        }
    }

    /// <summary>The sweeper of the payload files, for the tests; <see langword="null"/> unless this process runs the embedded server.</summary>
    internal PayloadFileSweeper? PayloadFileSweeper => _sweeper;

    /// <summary>The reaper of expired keys, for the tests; <see langword="null"/> unless this process runs the embedded server.</summary>
    internal ExpiredKeyReaper? ExpiredKeyReaper => _reaper;

    /// <summary>The clock the store's scripts are given "now" from.</summary>
    public TimeProvider Time { get; }

    /// <summary>Whether the store answers, as the last call found it; logs when it stops and starts answering.</summary>
    public StoreOutage Outage { get; }

    internal ConnectionMultiplexer Connection { get; }

    internal IDatabase Database => Connection.GetDatabase();

    internal KeySpace Keys { get; }

    internal SecretCipher Cipher { get; }

    /// <summary>
    /// Connects to the configured Redis, or starts the embedded Garnet server when <see cref="StoreOptions.ConnectionString"/>
    /// is <see langword="null"/>. An unreachable Redis is not an error here: the client keeps reconnecting by itself and
    /// each call fails with <see cref="StoreUnavailableException"/> until Redis is back.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="loggerFactory">Where the store logs outages, or <see langword="null"/> for nowhere.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="StoreConfigurationException">A setting is wrong (no secret key with external Redis, a bad connection string…).</exception>
    public static async Task<RedisStore> OpenAsync(StoreOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DeduplicationWindow, TimeSpan.Zero);
        try
        {
            StoreArguments.Name(options.KeyPrefix, "UNOTIFY_KEY_PREFIX");
        }
        catch (ArgumentException exception)
        {
            throw new StoreConfigurationException(exception.Message.Split(" (Parameter", 2)[0], exception);
        }

        var secretKey = SecretKeySource.Resolve(options);
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.ConnectionString ?? "127.0.0.1:0");
        }
        catch (ArgumentException exception)
        {
            throw new StoreConfigurationException($"UNOTIFY_REDIS is not a valid StackExchange.Redis configuration string: {exception.Message}", exception);
        }

        var attached = options.ConnectionString is null && options.AttachToRunningServer ? EmbeddedServerEndpoint.FindRunning(options.DataDirectory) : null;
        var embedded = options.ConnectionString is null && attached is null ? EmbeddedGarnetServer.Start(options.DataDirectory, loggerFactory) : null;
        if (embedded is not null)
        {
            configuration = ConfigurationOptions.Parse(embedded.ConnectionString);
        }
        else if (attached is not null)
        {
            configuration = ConfigurationOptions.Parse(attached);
        }

        // Never give up: when Redis is down, calls fail fast (no backlog) and the client reconnects in the background.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);

        // Replies complete on the .NET thread pool instead of the client's own ten dedicated threads: on a small
        // machine those extra threads cost more in context switches than they save (measured in bench/README.md).
        configuration.SocketManager = SocketManager.ThreadPool;
        if (options.Timeout is { } timeout)
        {
            var milliseconds = (int)timeout.TotalMilliseconds;
            configuration.ConnectTimeout = milliseconds;
            configuration.SyncTimeout = milliseconds;
            configuration.AsyncTimeout = milliseconds;
        }

        try
        {
            var connection = await ConnectAsync(configuration, cancellationToken).ConfigureAwait(false);
            if (embedded is not null)
            {
                try
                {
                    await EmbeddedStoreMarker.CheckAsync(connection.GetDatabase(), embedded, cancellationToken).ConfigureAwait(false);
                }
                catch (StoreConfigurationException)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);

                    // Stopped without committing: a commit now would record the empty store over the one that did not
                    // recover, and the files are kept as they are for whoever recovers them.
                    embedded.DisposeWithoutCommit();
                    embedded = null;
                    throw;
                }
            }

            var logger = loggerFactory?.CreateLogger("Unotify.Store");
            if (embedded is null && logger is not null && connection.IsConnected)
            {
                await WarnWithoutAppendOnlyFileAsync(configuration, logger, cancellationToken).ConfigureAwait(false);
            }

            var callDeadline = TimeSpan.FromMilliseconds((2.0 * configuration.AsyncTimeout) + 1000);
            return new RedisStore(connection, embedded, attached is null ? null : Path.GetFullPath(options.DataDirectory), options.KeyPrefix, secretKey, time ?? TimeProvider.System, logger, callDeadline, options.ExpiredKeyScanInterval, options.DeduplicationWindow);
        }
        catch
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// Connects, or stops waiting when <paramref name="cancellationToken"/> is cancelled (a start-up that failed for
    /// another reason must not wait out the connect timeout); a connection that arrives after that is closed.
    /// </summary>
    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration, CancellationToken cancellationToken)
    {
        var connecting = ConnectionMultiplexer.ConnectAsync(configuration);
        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = connecting.ContinueWith(
                static abandoned =>
                {
                    if (abandoned.IsCompletedSuccessfully)
                    {
                        abandoned.Result.Dispose();
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// Warns when the external Redis keeps no append-only file: a 202 then only means "in Redis's memory", and a crash
    /// of Redis loses what was answered since its last snapshot. A server that does not say (INFO refused) is left alone,
    /// and one the store could not reach is not asked (another connect timeout would only delay start-up).
    /// </summary>
    private static async Task WarnWithoutAppendOnlyFileAsync(ConfigurationOptions configuration, ILogger logger, CancellationToken cancellationToken)
    {
        // A connection of its own, for this one look: the client allows INFO only on an admin connection, and the
        // store's own connection has no reason to be one.
        var probe = configuration.Clone();
        probe.AllowAdmin = true;
        try
        {
            await using var connection = await ConnectAsync(probe, cancellationToken).ConfigureAwait(false);
            foreach (var server in connection.GetServers().Where(server => server.IsConnected && !server.IsReplica))
            {
                // INFO rather than CONFIG GET, which many services block.
                var persistence = await server.InfoAsync("persistence").WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                if (persistence.SelectMany(group => group).Any(pair => pair.Key == "aof_enabled" && pair.Value == "0"))
                {
                    StoreLog.NoAppendOnlyFile(logger, server.EndPoint.ToString() ?? "Redis");
                }
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // INFO is refused or Redis is not there yet: nothing to say about its persistence.
        }
    }

    /// <summary>Whether Redis answers a PING now (for readiness checks).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it answered.</returns>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StoreCall.RunAsync(this, () => Database.PingAsync(), "ping Redis", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>
    /// The text of a Lua script as the store runs it. Every script passes through here so that the crash-point tests
    /// can cut one short after its n-th write, as a crash of the embedded store between two of a script's logged
    /// writes would; outside those tests the text is unchanged.
    /// </summary>
    internal Func<string, string> ScriptText { get; set; } = static text => text;

    /// <summary>
    /// Completes once every write this process was answered for survives a crash of the process: at once with an
    /// external Redis (whose own persistence settings decide: with <c>appendfsync always</c> redis-server writes its
    /// append-only file before it answers; with <c>everysec</c> it may answer up to two seconds before, while a background
    /// fsync is slow), after the append-only file's commit with the embedded Garnet, which answers first. Await it before
    /// answering for a write (a 202, a secret shown once) or before an effect a lost write would let happen twice.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the writes are durable.</returns>
    public Task WaitUntilDurableAsync(CancellationToken cancellationToken) =>
        _embedded is not null ? _embedded.WaitForCommitAsync(cancellationToken)
        : _attachedToEmbedded ? CommitAppendOnlyFileAsync().WaitAsync(cancellationToken)
        : Task.CompletedTask;

    /// <summary>Asks the embedded server another process runs to commit its append-only file (Garnet's <c>COMMITAOF</c>).</summary>
    private Task CommitAppendOnlyFileAsync() => Database.ExecuteAsync("COMMITAOF");

    /// <summary>Now, in Unix milliseconds, from <see cref="Time"/>.</summary>
    internal long NowMilliseconds => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

        if (_reaper is not null)
        {
            await _reaper.DisposeAsync().ConfigureAwait(false);
        }

        await Connection.CloseAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
    }
}
