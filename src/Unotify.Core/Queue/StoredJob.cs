using System.Buffers;

namespace Unotify.Core.Queue;

/// <summary>
/// A job's stored form in a buffer rented from <see cref="ArrayPool{T}.Shared"/>: ingest writes one per delivery
/// (as large as the payload), and renting it keeps that buffer off the GC.
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
    /// <summary>
    /// Larger stored forms get an array of their own: the shared pool keeps what it is given back until a gen2
    /// collection trims it, and a rare 25 MB delivery is not worth keeping resident for.
    /// </summary>
    public const int MaxPooledLength = 1024 * 1024;

    private byte[]? _buffer;

    private StoredJob(byte[] buffer, int length, bool isPooled)
    {
        _buffer = buffer;
        Length = length;
        IsPooled = isPooled;
    }

    /// <summary>The stored form's size in bytes.</summary>
    public int Length { get; }

    /// <summary>Whether the buffer came from the pool (and goes back to it).</summary>
    public bool IsPooled { get; }

    /// <summary>
    /// A buffer of at least <paramref name="length"/> bytes, rented unless it is larger than <see cref="MaxPooledLength"/>
    /// or <paramref name="pooled"/> is <see langword="false"/>.
    /// </summary>
    /// <param name="length">The stored form's size in bytes.</param>
    /// <param name="pooled">
    /// Whether it may be rented: not for the parts of a large payload, which would leave the shared pool holding dozens
    /// of 1 MB arrays after one 25 MB delivery (bench/README.md, "Large bodies").
    /// </param>
    /// <returns>The job, whose <see cref="Buffer"/> is to be filled.</returns>
    public static StoredJob Create(int length, bool pooled = true) => length > MaxPooledLength || !pooled
        ? new StoredJob(new byte[length], length, isPooled: false)
        : new StoredJob(ArrayPool<byte>.Shared.Rent(length), length, isPooled: true);

    /// <summary>The stored form, writable while it is being built.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was already returned.</exception>
    public Span<byte> Buffer => Writable().AsSpan(0, Length);

    /// <summary>The stored form.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was already returned.</exception>
    public ReadOnlyMemory<byte> Memory => new(Writable(), 0, Length);

    /// <summary>
    /// The stored form in an array of its own, which the caller keeps: the buffer itself when it was not rented (it is
    /// exactly <see cref="Length"/> long), else a copy, the rented buffer going back to the pool.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer was already returned.</exception>
    public byte[] Detach()
    {
        var buffer = Writable();
        if (!IsPooled)
        {
            _buffer = null;
            return buffer;
        }

        var own = buffer.AsSpan(0, Length).ToArray();
        Return();
        return own;
    }

    /// <summary>Gives the buffer back to the pool (or to the GC when it was not rented); later calls do nothing.</summary>
    public void Return()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && IsPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Writable() =>
        _buffer ?? throw new ObjectDisposedException(nameof(StoredJob), "The stored form's buffer was already returned to the pool.");
}
