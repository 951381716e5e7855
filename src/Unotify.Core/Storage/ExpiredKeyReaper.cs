using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Unotify.Core.Storage;

/// <summary>
/// Deletes the embedded store's keys once their time to live has run out. Garnet 2.2.12 hides an expired value from
/// every read but keeps it in its log, and its compaction copies forward whatever is not deleted: without an explicit
/// <c>DEL</c> the history's records and kept events, the de-duplication and idempotency marks would stay on disk for
/// good (bench/README.md, "Expired values stay on disk"). Redis reclaims them itself, so only the process that runs the
/// embedded server runs this.
/// </summary>
/// <remarks>
/// <para>
/// A key past its time to live is no longer listed by <c>SCAN</c>, so it has to be noted before: a scan every
/// <see cref="ScanInterval"/> (<see cref="StoreOptions.ExpiredKeyScanInterval"/>) reads every key's time to live and
/// remembers (in memory) those that run out before the scan after next; each is deleted once it has run out. The
/// deleting script deletes only a key that no longer exists for readers: one whose time to live was extended or that
/// was written again meanwhile is left alone and noted again if it now runs out soon. So nothing is deleted before its
/// time, and nothing a reader could still see.
/// </para>
/// <para>
/// Each scan also writes every key that has a time to live, with its end, to a list beside the store
/// (<see cref="ExpiringKeyList"/>). After a start, just before the first scan (<see cref="FirstScanAfterStart"/>), the
/// keys of that list that have run out are deleted the same way: those that ran out while no host ran, or since the
/// start, which no scan lists any more. What stays on disk is a key written after the last scan before a stop that ran
/// out before the first scan after the start, and more than <see cref="MaxNoted"/> keys due in one horizon (the scan
/// notes them again when it can).
/// </para>
/// </remarks>
internal sealed class ExpiredKeyReaper : IAsyncDisposable
{
    /// <summary>How long after a start the first scan runs: after the host's own start, soon enough to lose little.</summary>
    public static readonly TimeSpan FirstScanAfterStart = TimeSpan.FromMinutes(1);

    /// <summary>The most keys remembered at once, to bound the memory the schedule takes under a flood.</summary>
    public const int MaxNoted = 200_000;

    /// <summary>How many keys one scan step reads, and one deleting script is given.</summary>
    private const int PageSize = 1000;

    /// <summary>How long after a failed scan or deletion the reaper tries again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the reaper waits at least between two rounds of deletion, so that keys running out one by one are
    /// deleted a few at a time: a key stays on disk that much longer, invisible to readers.
    /// </summary>
    private static readonly TimeSpan Batching = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A scan that read more keys than this is followed by an aggressive full collection: reading a store larger than
    /// Garnet's memory allocates hundreds of megabytes that the GC would otherwise keep committed (bench/README.md,
    /// "Expired keys deleted"); a smaller scan costs a few.
    /// </summary>
    private const int CollectAfterScanOf = 50_000;

    /// <summary>
    /// KEYS: the keys due. Deletes each that has run out (<c>PTTL</c> -2: gone for readers, but maybe still in the log)
    /// and returns every key's <c>PTTL</c> as it found it, so the caller notes again those still counting down.
    /// </summary>
    private const string ReapScript = """
        local left = {}
        for i = 1, #KEYS do
          local ttl = redis.call('PTTL', KEYS[i])
          if ttl == -2 then redis.call('DEL', KEYS[i]) end
          left[i] = ttl
        end
        return left
        """;

    private readonly RedisStore _store;

    private readonly string? _keyListFile;

    private readonly ILogger? _logger;

    private readonly CancellationTokenSource _stopping = new();

    private readonly Dictionary<string, long> _noted = new(StringComparer.Ordinal);

    private readonly PriorityQueue<string, long> _due = new();

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private Task _running = Task.CompletedTask;

    /// <summary>The key list the running scan writes (scans run one at a time), or none.</summary>
    private ExpiringKeyList.Writer? _list;

    private long _deleted;

    /// <summary>Creates the reaper of <paramref name="store"/>'s expired keys; <see cref="Start"/> starts it.</summary>
    /// <param name="store">The embedded store.</param>
    /// <param name="scanInterval">How often every key's time to live is read.</param>
    /// <param name="firstScanDelay">How long after the start the first scan runs: not at once, while a host starts.</param>
    /// <param name="keyListFile">Where each scan lists the keys that have a time to live, read after a start; or none.</param>
    /// <param name="logger">Where scans and failures are logged, or none.</param>
    public ExpiredKeyReaper(RedisStore store, TimeSpan scanInterval, TimeSpan firstScanDelay, string? keyListFile, ILogger? logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scanInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstScanDelay, TimeSpan.Zero);
        _store = store;
        _keyListFile = keyListFile;
        ScanInterval = scanInterval;
        FirstScanDelay = firstScanDelay;
        _logger = logger;
    }

    /// <summary>How often every key's time to live is read.</summary>
    public TimeSpan ScanInterval { get; }

    /// <summary>How long after <see cref="Start"/> the first scan runs.</summary>
    public TimeSpan FirstScanDelay { get; }

    /// <summary>How far ahead a scan notes keys: to the scan after next, so a late scan misses none.</summary>
    private TimeSpan Horizon => ScanInterval * 2;

    /// <summary>How many keys are noted to be deleted once they run out.</summary>
    public int NotedCount
    {
        get
        {
            lock (_noted)
            {
                return _noted.Count;
            }
        }
    }

    /// <summary>How many keys were deleted since the start.</summary>
    public long DeletedCount => Interlocked.Read(ref _deleted);

    /// <summary>Starts scanning and deleting on the store's clock.</summary>
    public void Start() => _running = RunAsync(_stopping.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _store.Time;
        var nextScan = time.GetUtcNow() + FirstScanDelay;
        var listReaped = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = TimeSpan.Zero;
                try
                {
                    // The list is read before the first scan, which replaces it.
                    if (time.GetUtcNow() >= nextScan && !listReaped)
                    {
                        listReaped = await ReapListedAsync(cancellationToken).ConfigureAwait(false) is not null;
                        nextScan = listReaped ? nextScan : time.GetUtcNow() + RetryDelay;
                    }

                    if (time.GetUtcNow() >= nextScan)
                    {
                        var read = await ScanOnceAsync(cancellationToken).ConfigureAwait(false);
                        nextScan = time.GetUtcNow() + (read is null ? RetryDelay : ScanInterval);
                        if (read > CollectAfterScanOf)
                        {
                            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                        }
                    }

                    if (await ReapDueAsync(cancellationToken).ConfigureAwait(false) is null)
                    {
                        wait = RetryDelay;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The boundary of a background loop nobody awaits: said in the log, and tried again, rather than
                    // ending the deletions for the life of the process. The expected failures are handled inside.
                    nextScan = time.GetUtcNow() + RetryDelay;
                    wait = RetryDelay;
                    if (_logger is not null)
                    {
                        StoreLog.ExpiredKeyReapFailed(_logger, "run a round of the expired-key deletion", exception.ToString());
                    }
                }

                var now = time.GetUtcNow();
                var untilDue = TimeSpan.MaxValue;
                lock (_noted)
                {
                    if (_due.TryPeek(out _, out var dueAt))
                    {
                        untilDue = DateTimeOffset.FromUnixTimeMilliseconds(dueAt) - now;
                    }
                }

                // A scan is never put off; a deletion waits for a few more keys to run out (Batching).
                var untilScan = nextScan - now;
                wait = wait > TimeSpan.Zero ? wait : untilDue > Batching ? untilDue : Batching;
                wait = untilScan < wait ? untilScan : wait;
                await Task.Delay(wait > TimeSpan.FromMilliseconds(10) ? wait : TimeSpan.FromMilliseconds(10), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the store.
        }
    }

    /// <summary>
    /// Reads every key's time to live, notes those that run out within the horizon (twice <see cref="ScanInterval"/>),
    /// and lists every key that has one in the key list (when there is one).
    /// </summary>
    /// <returns>How many keys the scan read, or <see langword="null"/> when the store failed it (logged; tried again later).</returns>
    public async Task<int?> ScanOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        _list = StartList();
        try
        {
            var read = 0;
            await foreach (var page in KeyScan.PagesAsync(_store, PageSize, "its expired keys are deleted", cancellationToken).ConfigureAwait(false))
            {
                read += await NoteExpiringAsync(page).ConfigureAwait(false);
            }

            CommitList();
            if (_logger is not null)
            {
                StoreLog.ExpiringKeysScanned(_logger, read, NotedCount);
            }

            return read;
        }
        catch (Exception exception) when (exception is StoreUnavailableException or RedisException or TimeoutException)
        {
            if (_logger is not null)
            {
                StoreLog.ExpiredKeyReapFailed(_logger, "read the keys' time to live", exception.Message);
            }

            return null;
        }
        finally
        {
            _list?.Dispose();
            _list = null;
            _oneAtATime.Release();
        }
    }

    private async Task<int> NoteExpiringAsync(List<RedisKey> keys)
    {
        var batch = _store.Database.CreateBatch();
        var left = keys.Select(key => batch.KeyTimeToLiveAsync(key)).ToList();
        batch.Execute();
        var now = _store.NowMilliseconds;
        var horizon = (long)Horizon.TotalMilliseconds;
        for (var i = 0; i < keys.Count; i++)
        {
            if (await left[i].ConfigureAwait(false) is not { } ttl)
            {
                continue;
            }

            var key = (string)keys[i]!;
            var runsOutAt = now + (long)ttl.TotalMilliseconds;
            AddToList(key, runsOutAt);
            if ((long)ttl.TotalMilliseconds <= horizon)
            {
                Note(key, runsOutAt);
            }
        }

        return keys.Count;
    }

    /// <summary>Starts the scan's key list, or none when there is no list or it cannot be written (logged).</summary>
    private ExpiringKeyList.Writer? StartList()
    {
        if (_keyListFile is null)
        {
            return null;
        }

        try
        {
            return ExpiringKeyList.Create(_keyListFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            ListFailed("write the list of expiring keys", exception);
            return null;
        }
    }

    /// <summary>Adds to the list; a list the disk refuses is dropped (logged), keeping the previous one, and the scan goes on.</summary>
    private void AddToList(string key, long runsOutAt)
    {
        try
        {
            _list?.Add(key, runsOutAt);
        }
        catch (IOException exception)
        {
            _list!.Dispose();
            _list = null;
            ListFailed("write the list of expiring keys", exception);
        }
    }

    private void CommitList()
    {
        try
        {
            _list?.Commit();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            ListFailed("write the list of expiring keys", exception);
        }
    }

    private void ListFailed(string action, Exception exception)
    {
        if (_logger is not null)
        {
            StoreLog.ExpiredKeyListFailed(_logger, action, _keyListFile!, exception.Message);
        }
    }

    /// <summary>
    /// Deletes the keys of the key list that have run out by now (while no host ran, or since the start): the list the
    /// last scan wrote, before the next scan replaces it. A list that cannot be read is logged and deletes what it
    /// listed before the damage.
    /// </summary>
    /// <returns>How many keys were deleted, or <see langword="null"/> when the store failed (logged; the list is read again later).</returns>
    public async Task<int?> ReapListedAsync(CancellationToken cancellationToken)
    {
        if (_keyListFile is null)
        {
            return 0;
        }

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _store.NowMilliseconds;
            var deleted = 0;
            var page = new List<string>(PageSize);
            try
            {
                foreach (var (key, runsOutAt) in ExpiringKeyList.Read(_keyListFile))
                {
                    if (runsOutAt >= now)
                    {
                        continue;
                    }

                    page.Add(key);
                    if (page.Count == PageSize)
                    {
                        if (await ReapAsync(page).ConfigureAwait(false) is not { } count)
                        {
                            return null;
                        }

                        deleted += count;
                        page.Clear();
                    }
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                ListFailed("read the list of expiring keys", exception);
            }

            if (page.Count > 0)
            {
                if (await ReapAsync(page).ConfigureAwait(false) is not { } last)
                {
                    return null;
                }

                deleted += last;
            }

            return deleted;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private void Note(string key, long runsOutAt)
    {
        lock (_noted)
        {
            if (_noted.TryGetValue(key, out var noted) && noted == runsOutAt)
            {
                return;
            }

            if (!_noted.ContainsKey(key) && _noted.Count >= MaxNoted)
            {
                return;
            }

            _noted[key] = runsOutAt;
            _due.Enqueue(key, runsOutAt);
        }
    }

    /// <summary>Deletes the noted keys whose time has come, and notes again those that turn out to be still counting down.</summary>
    /// <returns>How many keys were deleted, or <see langword="null"/> when the store failed (logged; they are tried again later).</returns>
    public async Task<int?> ReapDueAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deleted = 0;
            while (TakeDue() is { Count: > 0 } due)
            {
                if (await ReapAsync(due).ConfigureAwait(false) is not { } count)
                {
                    var retryAt = _store.NowMilliseconds + (long)RetryDelay.TotalMilliseconds;
                    due.ForEach(key => Note(key, retryAt));
                    return null;
                }

                deleted += count;
            }

            return deleted;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Deletes those of <paramref name="keys"/> that have run out, and notes again those still counting down within the
    /// horizon (given more time, or written again).
    /// </summary>
    /// <returns>How many were deleted, or <see langword="null"/> when the store failed (logged).</returns>
    private async Task<int?> ReapAsync(List<string> keys)
    {
        long[] left;
        try
        {
            var reply = await _store.Database.ScriptEvaluateAsync(
                _store.ScriptText(ReapScript),
                keys.Select(key => (RedisKey)key).ToArray()).ConfigureAwait(false);
            left = reply.Length == keys.Count ? (long[])reply! : throw new InvalidCastException($"the store answered {reply.Length} times to live for {keys.Count} keys");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidCastException)
        {
            if (_logger is not null)
            {
                StoreLog.ExpiredKeyReapFailed(_logger, "delete keys whose time to live ran out", exception.Message);
            }

            return null;
        }

        var deleted = 0;
        var now = _store.NowMilliseconds;
        for (var i = 0; i < keys.Count; i++)
        {
            var ttl = left[i];
            if (ttl == -2)
            {
                deleted++;
                Interlocked.Increment(ref _deleted);
            }
            else if (ttl >= 0 && ttl <= (long)Horizon.TotalMilliseconds)
            {
                Note(keys[i], now + ttl);
            }
        }

        return deleted;
    }

    /// <summary>Takes up to a page of the noted keys that have run out by now (a little after their time: the server's clock decides).</summary>
    private List<string> TakeDue()
    {
        var now = _store.NowMilliseconds;
        var due = new List<string>();
        lock (_noted)
        {
            while (due.Count < PageSize && _due.TryPeek(out var key, out var at) && at < now)
            {
                _due.Dequeue();
                if (_noted.TryGetValue(key, out var noted) && noted == at)
                {
                    _noted.Remove(key);
                    due.Add(key);
                }
            }
        }

        return due;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stopping.Dispose();
        _oneAtATime.Dispose();
    }
}
