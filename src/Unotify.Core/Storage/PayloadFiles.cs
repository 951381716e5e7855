using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Unotify.Core.Storage;

/// <summary>
/// The embedded store's large payloads, kept as files beside it (<c>&lt;data directory&gt;/payloads/&lt;sha-256&gt;</c>)
/// while the jobs, follow-ups, dead letters and kept history events that name them stay small values in Garnet.
/// </summary>
/// <remarks>
/// <para>
/// Why files: Garnet 2.2.12 keeps a value over its inline limit as a heap array until its page leaves memory, and its
/// log compaction fails (<c>TsavoriteKV.TryCopyToTail</c>) once payloads are split into many smaller values
/// (bench/README.md, "Large bodies"). A file is written once, read once per attempt, and deleted as a whole.
/// </para>
/// <para>
/// A file is named after its content, so the jobs of every worker a delivery goes to, its follow-ups, its replays and
/// its kept event share one file. It is written (and synced, with its directory) before the first value naming it is
/// stored, so no stored job ever names a file a crash lost. It is deleted by <see cref="SweepAsync"/> only once no
/// value in the store has named it for two sweeps in a row and it was not written or kept again in the meantime.
/// </para>
/// </remarks>
public sealed class PayloadFiles
{
    /// <summary>A file's name: 64 lowercase hexadecimal digits, the SHA-256 of its content.</summary>
    public const int NameLength = 64;

    private readonly TimeProvider _time;

    /// <summary>One sweep at a time: each compares what it finds with what the one before found.</summary>
    private readonly SemaphoreSlim _sweeping = new(1, 1);

    /// <summary>The names that no stored value named at the last sweep, with when that sweep saw the file last written.</summary>
    private Dictionary<string, DateTime> _unnamedAtLastSweep = new(StringComparer.Ordinal);

    /// <summary>Creates the payload files of the store whose data directory is <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The embedded store's data directory.</param>
    /// <param name="time">The clock that dates files for the sweep.</param>
    public PayloadFiles(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory = Path.Combine(Path.GetFullPath(dataDirectory), "payloads");
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The directory the files are in.</summary>
    public string Directory { get; }

    /// <summary>
    /// How long a file nothing names is kept after it was last written or kept: the time between writing a payload and
    /// storing the first job that names it, with a wide margin (a route that waits out store timeouts in between).
    /// </summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Makes sure a file holds <paramref name="payload"/>, durably, and returns its name: written when there is none,
    /// dated now when there is (so a sweep running meanwhile keeps it).
    /// </summary>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The file's name.</returns>
    /// <exception cref="IOException">The file could not be written (a full disk, a directory that is not writable).</exception>
    public async Task<string> KeepAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var name = NameOf(payload.Span);
        var path = PathOf(name);
        try
        {
            // A file of the right length is this content (its name is its hash); anything else is written again.
            if (new FileInfo(path) is { Exists: true } existing && existing.Length == payload.Length)
            {
                File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
                return name;
            }
        }
        catch (FileNotFoundException)
        {
            // Deleted by a sweep between the look and the dating: written again below.
        }

        System.IO.Directory.CreateDirectory(Directory);
        var temporary = Path.Combine(Directory, $"{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
                PreallocationSize = payload.Length,
            };
            if (!OperatingSystem.IsWindows())
            {
                // Webhook bodies: readable by the owner of the data directory only, as the server's credential is.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(temporary, options))
            {
                await file.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
            SyncDirectory(Directory);
            return name;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads the file <paramref name="name"/>, which must hold <paramref name="bytes"/> bytes of that content.</summary>
    /// <param name="name">The file's name, as a stored job names it.</param>
    /// <param name="bytes">Its size, as the stored job says.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="InvalidDataException">There is no such file, or it is not that payload.</exception>
    /// <exception cref="StoreUnavailableException">The file could not be read (a disk error, no permission).</exception>
    public async Task<byte[]> ReadAsync(string name, int bytes, CancellationToken cancellationToken)
    {
        if (!IsName(name))
        {
            throw new InvalidDataException($"A stored job names payload file '{name}', which is not a SHA-256 in hexadecimal; it was written by something else.");
        }

        var path = PathOf(name);
        byte[] payload;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
            if (file.Length != bytes)
            {
                throw new InvalidDataException($"Payload file {path} has {file.Length} bytes, but the job that names it says {bytes}; it was changed or cut short outside Unotify.");
            }

            payload = GC.AllocateUninitializedArray<byte>(bytes);
            await file.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"Payload file {path} named by a stored job is missing: the data directory was copied without its payloads/ folder, or the file was deleted outside Unotify.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The disk, not the job: the job is read again once its lease ends, as after a store that did not answer.
            throw new StoreUnavailableException($"Could not read payload file {path} ({exception.Message}); check the disk and the data directory's permissions.", exception);
        }

        if (!string.Equals(NameOf(payload), name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Payload file {path} does not hold the payload it is named after (its SHA-256 differs); it was changed outside Unotify.");
        }

        return payload;
    }

    /// <summary>
    /// Deletes the files that nothing in the store names: those that <paramref name="named"/> (every file name a stored
    /// value names, read by a full scan) did not name at this sweep nor at the one before, and that were last written or
    /// kept more than <see cref="Grace"/> before the one before. A value moved between two keys while a scan ran (a job
    /// dead-lettered) may be missed by one scan, never by two.
    /// </summary>
    /// <param name="named">Reads the names stored values name now.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>How many files were deleted.</returns>
    public async Task<int> SweepAsync(Func<CancellationToken, Task<IReadOnlySet<string>>> named, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(named);
        await _sweeping.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SweepOnceAsync(named, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sweeping.Release();
        }
    }

    private async Task<int> SweepOnceAsync(Func<CancellationToken, Task<IReadOnlySet<string>>> named, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var old = _time.GetUtcNow().UtcDateTime - Grace;
        var candidates = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            var written = File.GetLastWriteTimeUtc(path);
            if (written < old && (IsName(name) || IsLeftOver(name)))
            {
                candidates[name] = written;
            }
        }

        if (candidates.Count == 0)
        {
            _unnamedAtLastSweep = new(StringComparer.Ordinal);
            return 0;
        }

        var stillNamed = await named(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        var unnamed = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (name, written) in candidates)
        {
            if (stillNamed.Contains(name))
            {
                continue;
            }

            if (IsLeftOver(name))
            {
                File.Delete(Path.Combine(Directory, name));
                deleted++;
            }
            else if (_unnamedAtLastSweep.TryGetValue(name, out var before) && before == written)
            {
                deleted += DeleteUnlessKept(name, written) ? 1 : 0;
            }
            else
            {
                unnamed[name] = written;
            }
        }

        _unnamedAtLastSweep = unnamed;
        return deleted;
    }

    /// <summary>
    /// Deletes a file unless it was written or kept again since <paramref name="written"/>: it is first moved aside, so
    /// that a <see cref="KeepAsync"/> racing the deletion either dated it before the move (and the sweep puts it back) or
    /// finds no file and writes it again.
    /// </summary>
    private bool DeleteUnlessKept(string name, DateTime written)
    {
        var path = PathOf(name);
        var aside = Path.Combine(Directory, $"{name}.{Guid.NewGuid():N}.deleting");
        try
        {
            File.Move(path, aside);
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        if (File.GetLastWriteTimeUtc(aside) == written)
        {
            File.Delete(aside);
            return true;
        }

        try
        {
            File.Move(aside, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Written again meanwhile: the new file is the same content.
            File.Delete(aside);
        }

        return false;
    }

    /// <summary>A write or a deletion a crash cut short (<c>.tmp</c>, <c>.deleting</c>): nothing names it.</summary>
    private static bool IsLeftOver(string name) =>
        name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".deleting", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a payload file's name (64 lowercase hexadecimal digits).</summary>
    public static bool IsName(string name) =>
        name is { Length: NameLength } && name.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>The name of the file that holds <paramref name="payload"/>.</summary>
    public static string NameOf(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    private string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Makes a rename in <paramref name="directory"/> survive a crash of the machine (fsync of the directory), where the system allows it.</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var descriptor = Open(directory, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open {directory} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Could not sync {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
