namespace Unotify.Core.Storage;

/// <summary>
/// The sizes of the embedded server's files, which set how much disk it holds between compactions (see
/// <see cref="EmbeddedGarnetServer"/>). Production uses <see cref="Default"/>; tests shrink them to see compaction
/// and checkpoints work at a small scale. Sizes are Garnet's (<c>64m</c>), rounded down to a power of two.
/// </summary>
/// <param name="Segment">
/// One file of the log on disk; compaction starts above two of them. Garnet addresses the log by segment, so the
/// default stays what earlier versions wrote: a data directory they left must recover.
/// </param>
/// <param name="AofSegment">One file of the append-only file.</param>
/// <param name="AofSizeLimit">The append-only file's size above which the server checkpoints, and so truncates it.</param>
/// <param name="ObjectLogSegment">
/// One file of the object log (the history's records and index, attempts), which Garnet deletes a whole file at a
/// time once nothing live is in it; used for new data directories only (<see cref="ObjectLogSegmentRecord"/>).
/// </param>
internal sealed record EmbeddedGarnetSizes(string Segment, string AofSegment, string AofSizeLimit, string ObjectLogSegment)
{
    /// <summary>The sizes the host runs with.</summary>
    public static EmbeddedGarnetSizes Default { get; } = new("64m", "32m", "64m", "64m");

    /// <summary><see cref="AofSizeLimit"/> in bytes.</summary>
    public long AofSizeLimitBytes => BytesOf(AofSizeLimit);

    /// <summary>A size as Garnet reads it (<c>512k</c>, <c>64m</c>, <c>1g</c>) in bytes.</summary>
    /// <exception cref="FormatException">The text is not a number followed by k, m or g.</exception>
    internal static long BytesOf(string size) =>
        TryBytesOf(size, out var bytes) ? bytes : throw new FormatException($"'{size}' is not a size such as 64m.");

    /// <summary>Reads a size in Garnet's notation: whole digits, then k, m or g (either case, as Garnet reads it).</summary>
    /// <returns><see langword="false"/> for anything else, or a size too large to count in bytes.</returns>
    internal static bool TryBytesOf(string size, out long bytes)
    {
        bytes = 0;
        var unit = size.Length > 1 ? char.ToLowerInvariant(size[^1]) : '?';
        var shift = unit switch { 'k' => 10, 'm' => 20, 'g' => 30, _ => -1 };
        if (shift < 0
            || !long.TryParse(size.AsSpan(0, size.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count > long.MaxValue >> shift)
        {
            return false;
        }

        bytes = count << shift;
        return true;
    }
}
