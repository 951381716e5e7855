using System.Buffers.Binary;
using System.Globalization;

namespace Unotify.Core.Storage;

/// <summary>
/// Erases a commit record that a crash cut short at the end of the embedded store's append-only file, before Garnet
/// reads the file.
/// </summary>
/// <remarks>
/// <para>
/// Garnet recovers its append-only file from its last commit file, then scans the log forward for the commit records it
/// writes into the log itself and takes the last one it can read. A kill can leave the last of them cut at a sector:
/// its length and version on disk, the rest beyond the end of the file. Garnet (Tsavorite 2.2.12) reads the missing
/// bytes as zeros, and zeros pass the record's checks: its checksum is the XOR of its fields, all zero, and only a
/// record whose version is zero too counts as empty. So the record says that nothing was committed, and Garnet starts
/// with an empty store although every earlier commit is on disk (bench/README.md, "The empty restart, found").
/// Without the record, the scan ends at the last whole commit, which is what recovery after a crash means: the cut
/// record's own commit never completed, so no write waiting for it was answered.
/// </para>
/// <para>
/// The file's layout, as Tsavorite 2.2.12 writes it without per-entry checksums: a record is a 4-byte little-endian
/// length and then its bytes, padded to 4; a negative length marks a commit record of that many bytes, which begin
/// with its version (4 bytes), checksum, begin address, until address and commit number (8 bytes each). A commit
/// record's until address is the address just after it. Records never cross a page; the log's first record is at
/// address 64, every other page's at its first byte. Segment N is the file <c>aof.log.N</c> and holds the addresses from
/// N × the segment size. Only the last page written is read; a damaged record anywhere else is Garnet's to report.
/// </para>
/// </remarks>
internal static class TornCommitRecord
{
    private const int HeaderBytes = 4;
    private const int UntilOffset = 4 + 8 + 8; // version, checksum, begin address
    private const int FirstAddress = 64;

    /// <summary>Erases the commit record that the append-only file ends in when it is cut short or unreadable.</summary>
    /// <param name="aofDirectory">The directory of the append-only file's segments (<c>checkpoints/AOF</c>).</param>
    /// <param name="pageBytes">Garnet's <c>--aof-page-size</c>, in bytes.</param>
    /// <param name="segmentBytes">Garnet's <c>--aof-segment-size</c>, in bytes.</param>
    /// <returns>
    /// The record erased, or <see langword="null"/> when the file ends in whole records (or is missing), or when the bad
    /// record has records after it: that is not a cut at the end, and Garnet's own checks apply.
    /// </returns>
    /// <exception cref="IOException">The segment could not be read or written.</exception>
    public static Erased? EraseAtEnd(string aofDirectory, long pageBytes, long segmentBytes)
    {
        var last = LastSegment(aofDirectory);
        if (last is not var (path, segment, length))
        {
            return null;
        }

        var pageStart = (length - 1) / pageBytes * pageBytes;
        var pageAddress = segment * segmentBytes + pageStart;
        var firstRecord = pageAddress == 0 ? FirstAddress : 0;
        var page = new byte[length - pageStart];
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        for (var read = 0; read < page.Length;)
        {
            var bytes = RandomAccess.Read(file, page.AsSpan(read), pageStart + read);
            if (bytes == 0)
            {
                return null; // shorter than it was a moment ago: not a file at rest, so leave it to Garnet
            }

            read += bytes;
        }

        var position = firstRecord;
        while (position + HeaderBytes <= page.Length)
        {
            var header = BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(position));
            if (header == 0)
            {
                return null; // the end of what was written
            }

            var size = Math.Abs((long)header);
            var next = position + HeaderBytes + ((size + 3) & ~3L);
            if (header > 0 || IsWhole(page, position, size, pageAddress + position, next - position))
            {
                // A data record cut short is no commit: Garnet recovers to the commit before it by itself.
                position = (int)Math.Min(next, page.Length);
                continue;
            }

            var end = (int)Math.Min(next, page.Length);
            if (page.AsSpan(end).ContainsAnyExcept((byte)0))
            {
                return null;
            }

            RandomAccess.Write(file, new byte[end - position], pageStart + position);
            RandomAccess.FlushToDisk(file);
            return new Erased(path, pageAddress + position, end - position, size);
        }

        return null;
    }

    /// <summary>Whether the commit record at <paramref name="position"/> is on disk whole and names the address after it.</summary>
    private static bool IsWhole(byte[] page, int position, long size, long address, long recordBytes)
    {
        var body = position + HeaderBytes;
        if (size < UntilOffset + 8 || body + size > page.Length)
        {
            return false;
        }

        return BinaryPrimitives.ReadInt64LittleEndian(page.AsSpan(body + UntilOffset)) == address + recordBytes;
    }

    /// <summary>The segment with the highest number that holds anything, or <see langword="null"/>.</summary>
    private static (string Path, long Segment, long Length)? LastSegment(string aofDirectory)
    {
        if (!Directory.Exists(aofDirectory))
        {
            return null;
        }

        return Directory.EnumerateFiles(aofDirectory, "aof.log.*")
            .Select(path => (Path: path, Segment: SegmentNumber(path), Length: new FileInfo(path).Length))
            .Where(file => file.Segment >= 0 && file.Length > 0)
            .OrderByDescending(file => file.Segment)
            .Select(file => ((string, long, long)?)file)
            .FirstOrDefault();
    }

    /// <summary>N of <c>aof.log.N</c>, or -1 for another name.</summary>
    private static long SegmentNumber(string path) =>
        long.TryParse(Path.GetExtension(path).TrimStart('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var segment) ? segment : -1;

    /// <summary>A commit record that was erased.</summary>
    /// <param name="File">The segment that held it.</param>
    /// <param name="Address">Its address in the log.</param>
    /// <param name="BytesOnDisk">How many of its bytes (header included) the file held; they are zeros now.</param>
    /// <param name="Size">How many bytes its header says it has, header excluded.</param>
    internal sealed record Erased(string File, long Address, int BytesOnDisk, long Size)
    {
        /// <summary>The whole record's length as written: its header and its bytes.</summary>
        public long RecordBytes => HeaderBytes + Size;
    }
}
