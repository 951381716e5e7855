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
}
