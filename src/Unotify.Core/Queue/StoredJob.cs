using System.Buffers;

namespace Unotify.Core.Queue;

/// <summary>
/// A job's stored form in a buffer rented from <see cref="ArrayPool{T}.Shared"/>: ingest writes one per delivery
/// (about 26 KB for a pull request), and renting it keeps a quarter of each request's allocations off the GC.
/// </summary>
/// <remarks>
/// Give the buffer back (<see cref="Return"/>) only once Redis has answered the command that carried it.
/// StackExchange.Redis copies a value into its socket pipe when it writes the command, which may be after a timeout
/// or a dropped connection was reported to the caller (the command waits in its backlog); a buffer returned then
/// could be rented and overwritten by another request before it is written, storing someone else's bytes. So a
/// failed call simply drops its buffer and lets the GC have it.
/// </remarks>
internal sealed class StoredJob
{
    private byte[]? _buffer;

    public StoredJob(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The stored form's size in bytes.</summary>
    public int Length { get; }

    /// <summary>The stored form.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was already returned.</exception>
    public ReadOnlyMemory<byte> Memory =>
        new(_buffer ?? throw new ObjectDisposedException(nameof(StoredJob), "The stored form's buffer was already returned to the pool."), 0, Length);

    /// <summary>Gives the buffer back to the pool; later calls do nothing.</summary>
    public void Return()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
