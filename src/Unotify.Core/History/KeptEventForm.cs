using System.IO.Compression;
using Unotify.Core.Queue;

namespace Unotify.Core.History;

/// <summary>
/// The form in which the history keeps a delivery's event for replays: the job's stored form (see <see cref="JobJson"/>),
/// compressed with Brotli when it holds its payload, as <c>unotify-kept/1 brotli bytes=L\n&lt;compressed&gt;</c>.
/// </summary>
/// <remarks>
/// A kept event is written once and read only by a replay, but it stays a day (<see cref="HistoryOptions.PayloadRetention"/>)
/// and is most of what a processed delivery costs the store, in memory on Redis and on disk on the embedded store
/// (docs/scaling.md); webhook JSON compresses several times over. A stored form whose payload is in parts or a file
/// is a few hundred bytes and is kept as it is, and so is a small one: whatever does not start with the header is a
/// stored form (events kept by earlier versions included).
/// </remarks>
internal static class KeptEventForm
{
    /// <summary>Below this a stored form is kept as it is: compressing it saves too little to pay for.</summary>
    internal const int MinimumToCompress = 2048;

    /// <summary>Brotli's quality 1 (of 0–11): the fastest level that still finds most of JSON's repetition.</summary>
    private const int Quality = 1;

    /// <summary>Brotli's window, 2^22 bytes (4 MB): it spans a stored form that holds its payload (at most 1 MB of payload besides its texts).</summary>
    private const int Window = 22;

    /// <summary>A bound on a kept stored form, far above the largest one written (a job's texts and a payload of 1 MB).</summary>
    private const int MaxStoredFormBytes = 32 * 1024 * 1024;

    private static readonly byte[] Header = "unotify-kept/1 brotli bytes="u8.ToArray();

    /// <summary>What to keep for <paramref name="stored"/>, a job's stored form: compressed when it holds its payload and is not small.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static ReadOnlyMemory<byte> Pack(ReadOnlyMemory<byte> stored)
    {
        if (stored.Length < MinimumToCompress || !JobJson.HoldsPayload(stored.Span))
        {
            return stored;
        }

        var header = System.Text.Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"unotify-kept/1 brotli bytes={stored.Length}\n"));
        var packed = GC.AllocateUninitializedArray<byte>(header.Length + BrotliEncoder.GetMaxCompressedLength(stored.Length));
        header.CopyTo(packed, 0);
        if (!BrotliEncoder.TryCompress(stored.Span, packed.AsSpan(header.Length), out var written, Quality, Window))
        {
            // GetMaxCompressedLength is Brotli's own bound, so this does not happen; keeping it whole is still right.
            return stored;
        }

        return packed.AsMemory(0, header.Length + written);
    }

    /// <summary>The job's stored form kept as <paramref name="kept"/>: unpacked when it was compressed, as it is otherwise.</summary>
    /// <exception cref="InvalidDataException">The header is unreadable, or the compressed bytes do not give back what it says.</exception>
    public static byte[] Unpack(byte[] kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (!kept.AsSpan().StartsWith(Header))
        {
            return kept;
        }

        var line = kept.AsSpan(0, Math.Min(kept.Length, 64));
        var newline = line.IndexOf((byte)'\n');
        if (newline < 0
            || !int.TryParse(line[Header.Length..newline], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
            || bytes > MaxStoredFormBytes)
        {
            throw new InvalidDataException("A kept event's unotify-kept/1 header does not say its size ('bytes=L', at most 32 MB); it was written by something else.");
        }

        var stored = GC.AllocateUninitializedArray<byte>(bytes);
        if (!BrotliDecoder.TryDecompress(kept.AsSpan(newline + 1), stored, out var written) || written != bytes)
        {
            throw new InvalidDataException($"A kept event's compressed bytes do not give back the {bytes} bytes its header says; it was cut short or written by something else.");
        }

        return stored;
    }
}
