using System.Text;

namespace Unotify.Core.Storage;

/// <summary>
/// A file beside the embedded store listing every key that had a time to live at the last scan, with when it runs out:
/// what <see cref="ExpiredKeyReaper"/> reads after a start to delete the keys that ran out while no host ran, which
/// <c>SCAN</c> no longer lists. Written whole by each scan (to a temporary file, then moved into place), so a crash
/// leaves the previous list; read forgivingly, since a list that cannot be read only means those keys stay on disk.
/// </summary>
/// <remarks>
/// Layout: the header line <see cref="Header"/>, then per key its end (Unix milliseconds, 8 bytes little-endian), its
/// length in bytes (4 bytes) and the key in UTF-8, so that no character a sender put in a delivery id can break a line.
/// </remarks>
internal static class ExpiringKeyList
{
    /// <summary>The first bytes of a list, naming its layout.</summary>
    private static readonly byte[] Header = Encoding.ASCII.GetBytes("unotify expiring keys 1\n");

    /// <summary>The longest key a list holds: longer is not a key this store writes, so a list that says so is damaged.</summary>
    private const int LongestKey = 64 * 1024;

    /// <summary>Starts a new list at <paramref name="path"/>; nothing replaces the current one before <see cref="Writer.Commit"/>.</summary>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be written.</exception>
    public static Writer Create(string path) => new(path);

    /// <summary>
    /// The keys of the list at <paramref name="path"/>, in the order written; none when there is no list. Throws
    /// <see cref="InvalidDataException"/> where the file stops being a list (after the keys before it).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a list, or is cut short.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IEnumerable<(string Key, long RunsOutAt)> Read(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        using var reader = new BinaryReader(stream);
        var header = reader.ReadBytes(Header.Length);
        if (!header.AsSpan().SequenceEqual(Header))
        {
            throw new InvalidDataException($"'{path}' does not start as a list of expiring keys");
        }

        while (stream.Position < stream.Length)
        {
            (string Key, long RunsOutAt) entry;
            try
            {
                var runsOutAt = reader.ReadInt64();
                var length = reader.ReadInt32();
                if (length is <= 0 or > LongestKey)
                {
                    throw new InvalidDataException($"'{path}' names a key of {length} bytes at byte {stream.Position - 4}");
                }

                var key = reader.ReadBytes(length);
                entry = key.Length == length ? (Encoding.UTF8.GetString(key), runsOutAt) : throw new EndOfStreamException();
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"'{path}' is cut short at byte {stream.Length}");
            }

            yield return entry;
        }
    }

    /// <summary>A list being written by a scan.</summary>
    internal sealed class Writer : IDisposable
    {
        private readonly string _path;
        private readonly string _temporary;
        private readonly BinaryWriter _writer;
        private bool _committed;

        public Writer(string path)
        {
            _path = path;
            _temporary = path + ".new";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 64 * 1024 };
            if (!OperatingSystem.IsWindows())
            {
                // Keys name deliveries and repositories: readable by the owner of the data directory only.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            _writer = new BinaryWriter(new FileStream(_temporary, options));
            _writer.Write(Header);
        }

        /// <summary>How many keys were added.</summary>
        public int Count { get; private set; }

        /// <summary>
        /// Adds a key that runs out at <paramref name="runsOutAt"/> (Unix milliseconds); a key longer than a list holds
        /// is left out, so that the list stays readable.
        /// </summary>
        /// <exception cref="IOException">The disk refused the write.</exception>
        public void Add(string key, long runsOutAt)
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            if (bytes.Length is 0 or > LongestKey)
            {
                return;
            }

            _writer.Write(runsOutAt);
            _writer.Write(bytes.Length);
            _writer.Write(bytes);
            Count++;
        }

        /// <summary>Writes the list to disk and puts it in place of the previous one.</summary>
        /// <exception cref="IOException">The disk refused the write or the move.</exception>
        public void Commit()
        {
            _writer.Flush();
            ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
            _writer.Dispose();
            File.Move(_temporary, _path, overwrite: true);
            _committed = true;
        }

        /// <summary>
        /// Closes the list; one that was not committed is dropped, leaving the previous one. Never throws: a list is
        /// dropped because a write or the scan failed, which its caller reports.
        /// </summary>
        public void Dispose()
        {
            if (_committed)
            {
                return;
            }

            try
            {
                _writer.Dispose();
                File.Delete(_temporary);
            }
            catch (IOException)
            {
                // A full disk refuses the flush, or the delete: the half-written file stays beside the list until the
                // next scan's list overwrites it (FileMode.Create), and is never read, since only the moved file is.
            }
        }
    }
}
