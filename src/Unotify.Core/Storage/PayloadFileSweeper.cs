using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Unotify.Core.Storage;

/// <summary>
/// Deletes the embedded store's payload files that nothing names any more (<see cref="PayloadFiles.SweepAsync"/>),
/// every <see cref="Interval"/> while the store is open: a job's file outlives the job as long as the delivery's kept
/// event (the history's payload retention) or a dead letter names it.
/// </summary>
internal sealed class PayloadFileSweeper : IAsyncDisposable
{
    /// <summary>
    /// How often the files are swept: a sweep that finds files old enough to delete reads every key of the store (its
    /// cost is in bench/README.md, "Large payloads in files"), and a file then outlives its last reader by one to two
    /// hours at most, next to the day the history keeps a delivery's event.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>How many keys one scan step reads.</summary>
    private const int PageSize = 1000;

    /// <summary>How much of each value is read: more than the longest header that names a file (see <c>JobJson</c>).</summary>
    private const int HeaderBytes = 128;

    private readonly RedisStore _store;

    private readonly PayloadFiles _files;

    private readonly ILogger? _logger;

    private readonly CancellationTokenSource _stopping = new();

    private Task _running = Task.CompletedTask;

    public PayloadFileSweeper(RedisStore store, PayloadFiles files, ILogger? logger)
    {
        _store = store;
        _files = files;
        _logger = logger;
    }

    /// <summary>Starts sweeping every <see cref="Interval"/> of the store's clock.</summary>
    public void Start() => _running = RunAsync(_stopping.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _store.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the store.
        }
    }

    /// <summary>One sweep; a store that does not answer or a file that cannot be deleted is logged and tried again at the next.</summary>
    /// <returns>How many files were deleted.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await _files.SweepAsync(NamedAsync, cancellationToken).ConfigureAwait(false);
            if (deleted > 0 && _logger is not null)
            {
                StoreLog.PayloadFilesSwept(_logger, deleted, _files.Directory);
            }

            return deleted;
        }
        catch (Exception exception) when (exception is StoreUnavailableException or IOException or UnauthorizedAccessException or RedisException or TimeoutException)
        {
            if (_logger is not null)
            {
                StoreLog.PayloadFileSweepFailed(_logger, _files.Directory, exception.Message);
            }

            return 0;
        }
    }

    /// <summary>
    /// The names of the payload files that a value in the store names: every string value (a job, a dead letter, a kept
    /// event, a staged job) and every outbox entry that starts with the <c>unotify-job/4</c> header, read by a full scan.
    /// </summary>
    internal async Task<IReadOnlySet<string>> NamedAsync(CancellationToken cancellationToken)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in KeyScan.PagesAsync(_store, PageSize, "its payload files are swept", cancellationToken).ConfigureAwait(false))
        {
            await ReadPageAsync(page, named).ConfigureAwait(false);
        }

        return named;
    }

    private async Task ReadPageAsync(List<RedisKey> keys, HashSet<string> named)
    {
        var batch = _store.Database.CreateBatch();
        var heads = new List<(RedisKey Key, Task<RedisValue> Head)>(keys.Count);
        var outboxes = new List<Task<RedisValue[]>>();
        foreach (var key in keys)
        {
            if (((string?)key)?.EndsWith(":outbox", StringComparison.Ordinal) == true)
            {
                outboxes.Add(batch.HashValuesAsync(key));
            }
            else
            {
                heads.Add((key, batch.StringGetRangeAsync(key, 0, HeaderBytes - 1)));
            }
        }

        batch.Execute();
        foreach (var (_, head) in heads)
        {
            try
            {
                Add(await head.ConfigureAwait(false), named);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
            {
                // A set, a hash, a list…: holds no stored job.
            }
        }

        foreach (var outbox in outboxes)
        {
            try
            {
                foreach (var value in await outbox.ConfigureAwait(false))
                {
                    Add(value, named);
                }
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
            {
                // Not an outbox after all.
            }
        }
    }

    private static void Add(RedisValue value, HashSet<string> named)
    {
        if (value.IsNull)
        {
            return;
        }

        if (Queue.JobJson.FileNamedBy(((ReadOnlyMemory<byte>)value).Span) is { } name)
        {
            named.Add(name);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
