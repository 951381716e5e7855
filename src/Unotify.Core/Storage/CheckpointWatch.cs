using Microsoft.Extensions.Logging;

namespace Unotify.Core.Storage;

/// <summary>
/// Tells the operator when the embedded server's checkpoints have stopped finishing. Garnet checkpoints, and so
/// truncates its append-only file, whenever the file passes its limit; a file that stays above twice the limit without
/// ever shrinking for <see cref="Patience"/> means a checkpoint is stuck: Garnet 2.2.12's compaction can wait for good
/// on a large object (bench/README.md, "One large object stalls Garnet's compaction"). Nothing is lost, but the data
/// directory then grows until the process restarts, and nothing else says why.
/// </summary>
/// <remarks>
/// Logs an error once the stall has lasted <see cref="Patience"/>, again every <see cref="Reminder"/> while it lasts,
/// and a note when the file shrinks again. Five minutes is far longer than a checkpoint takes (seconds) and than the
/// file stays large under a burst, when checkpoints come every few seconds and each one shrinks it.
/// </remarks>
internal sealed class CheckpointWatch
{
    /// <summary>How often the file's size is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>How long the file may stay large without shrinking before the stall is reported.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>How often a stall that lasts is reported again.</summary>
    public static readonly TimeSpan Reminder = TimeSpan.FromMinutes(30);

    private readonly string _appendOnlyDirectory;
    private readonly long _limitBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _previousBytes = -1;
    private DateTimeOffset _lastProgress;
    private DateTimeOffset? _reportedAt;
    private volatile bool _stalled; // read by the metrics' scrape, on another thread

    /// <summary>Watches the append-only file in <paramref name="appendOnlyDirectory"/>, which Garnet truncates past <paramref name="limitBytes"/>.</summary>
    public CheckpointWatch(string appendOnlyDirectory, long limitBytes, TimeProvider time, ILogger logger)
    {
        _appendOnlyDirectory = appendOnlyDirectory;
        _limitBytes = limitBytes;
        _time = time;
        _logger = logger;
        _lastProgress = time.GetUtcNow();
    }

    /// <summary>Whether a stall is being reported (since the last error, until the file shrinks).</summary>
    public bool Stalled => _stalled;

    /// <summary>Checks every <see cref="Interval"/> until cancelled, and reports the server's metrics meanwhile.</summary>
    /// <param name="dataDirectory">The server's data directory, which tags its metrics (<see cref="StoreMetrics"/>) while the watch runs.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>A task that completes when cancelled.</returns>
    public async Task RunAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        StoreMetrics.Observe(this, dataDirectory);
        try
        {
            while (true)
            {
                await Task.Delay(Interval, _time, cancellationToken).ConfigureAwait(false);
                Check();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
        finally
        {
            StoreMetrics.Forget(this);
        }
    }

    /// <summary>The file's size on disk now (0 before Garnet made it).</summary>
    /// <returns>The size, or <see langword="null"/> when it could not be read (logged at Debug; a segment deleted while it was listed, most likely).</returns>
    public long? ReadBytes()
    {
        try
        {
            var directory = new DirectoryInfo(_appendOnlyDirectory);
            return directory.Exists ? directory.EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length) : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            StoreLog.CheckpointWatchUnreadable(_logger, _appendOnlyDirectory, exception.Message);
            return null;
        }
    }

    /// <summary>Reads the file's size once and reports what changed.</summary>
    public void Check()
    {
        if (ReadBytes() is not { } bytes)
        {
            return; // the next check reads it again
        }

        var now = _time.GetUtcNow();
        if (_previousBytes < 0 || bytes < _previousBytes || bytes <= 2 * _limitBytes)
        {
            _lastProgress = now;
            if (_reportedAt is not null)
            {
                StoreLog.CheckpointsResumed(_logger, bytes / 1048576);
                _reportedAt = null;
                _stalled = false;
            }
        }
        else if (now - _lastProgress >= Patience && (_reportedAt is not { } reported || now - reported >= Reminder))
        {
            StoreLog.CheckpointsStalled(_logger, bytes / 1048576, _limitBytes / 1048576, (int)(now - _lastProgress).TotalMinutes, _appendOnlyDirectory);
            _reportedAt = now;
            _stalled = true;
        }

        _previousBytes = bytes;
    }
}
