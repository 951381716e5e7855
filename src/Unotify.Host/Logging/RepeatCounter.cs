namespace Unotify.Host.Logging;

/// <summary>
/// Folds a warning that may repeat many times a second into at most one log line per interval: the first occurrence
/// is logged at once, later ones are counted and reported with the next line.
/// </summary>
/// <param name="interval">The shortest time between two lines.</param>
/// <param name="time">The clock.</param>
internal sealed class RepeatCounter(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _pending;
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

    /// <summary>Records one occurrence.</summary>
    /// <returns>How many occurrences to report now (this one included), or 0 when this one waits for a later line.</returns>
    public long Occur()
    {
        lock (_lock)
        {
            _pending++;
            var now = time.GetUtcNow();
            if (now - _lastLogged < interval)
            {
                return 0;
            }

            _lastLogged = now;
            var count = _pending;
            _pending = 0;
            return count;
        }
    }
}
