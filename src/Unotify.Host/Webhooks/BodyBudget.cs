namespace Unotify.Host.Webhooks;

/// <summary>
/// The memory request bodies may take at the door, all requests together: a body's bytes are reserved before they are
/// read, and a request whose bytes do not fit is answered 503 without reading them (<c>UNOTIFY_BODY_MEMORY</c>).
/// </summary>
/// <remarks>
/// Bodies are buffered whole because the signature covers all of them; without a bound, anyone who knows a repository
/// id could make the host hold many 25 MB bodies at once. Two shares keep one sender from starving the rest: one hook's
/// bodies may hold at most half of the budget, and bodies over <see cref="LargeBody"/> together all but
/// <see cref="SmallShare"/>, so the small deliveries that make up nearly all webhook traffic keep getting in.
/// </remarks>
internal sealed class BodyBudget
{
    /// <summary>A body above this many bytes counts as large.</summary>
    public const long LargeBody = 1024 * 1024;

    /// <summary>The part of the budget only bodies up to <see cref="LargeBody"/> may use.</summary>
    public const long SmallShare = 8 * 1024 * 1024;

    /// <summary>The smallest budget: the largest body must fit in the share large bodies have.</summary>
    public const long MinimumBytes = 40 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _byHook = new(StringComparer.Ordinal);
    private long _inFlight;
    private long _largeInFlight;

    /// <summary>Creates a budget of <paramref name="totalBytes"/>.</summary>
    /// <param name="totalBytes">The bytes all bodies together may take, at least <see cref="MinimumBytes"/>.</param>
    public BodyBudget(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalBytes, MinimumBytes);
        TotalBytes = totalBytes;
    }

    /// <summary>The bytes all bodies together may take.</summary>
    public long TotalBytes { get; }

    /// <summary>The bytes reserved now.</summary>
    public long InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Starts the reservation of one request's body for <paramref name="hook"/>; it holds nothing yet.</summary>
    /// <param name="hook">The hook the body is for (<c>provider:repoId</c>).</param>
    /// <returns>The reservation; dispose it to give its bytes back.</returns>
    public Reservation Open(string hook) => new(this, hook);

    private bool TryMove(string hook, long from, long to)
    {
        var grow = to - from;
        var largeGrow = (to > LargeBody ? to : 0) - (from > LargeBody ? from : 0);
        lock (_lock)
        {
            var hookBytes = _byHook.GetValueOrDefault(hook);
            if (grow > 0
                && (_inFlight + grow > TotalBytes
                    || _largeInFlight + largeGrow > TotalBytes - SmallShare
                    || hookBytes + grow > TotalBytes / 2))
            {
                return false;
            }

            _inFlight += grow;
            _largeInFlight += largeGrow;
            if (hookBytes + grow == 0)
            {
                _byHook.Remove(hook);
            }
            else
            {
                _byHook[hook] = hookBytes + grow;
            }

            return true;
        }
    }

    /// <summary>One request's share of the budget, until disposed.</summary>
    internal sealed class Reservation(BodyBudget budget, string hook) : IDisposable
    {
        /// <summary>The bytes held.</summary>
        public long Bytes { get; private set; }

        /// <summary>
        /// Makes the reservation <paramref name="bytes"/>: a smaller one always succeeds; a larger one only when it fits,
        /// and otherwise holds what it held.
        /// </summary>
        /// <param name="bytes">The bytes wanted in all.</param>
        /// <returns>Whether they are held now.</returns>
        public bool TryResize(long bytes)
        {
            if (bytes == Bytes)
            {
                return true;
            }

            if (!budget.TryMove(hook, Bytes, bytes))
            {
                return false;
            }

            Bytes = bytes;
            return true;
        }

        /// <summary>Gives the bytes back.</summary>
        public void Dispose()
        {
            if (Bytes > 0)
            {
                budget.TryMove(hook, Bytes, 0);
                Bytes = 0;
            }
        }
    }
}
