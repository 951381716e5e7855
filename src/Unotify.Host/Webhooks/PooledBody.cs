using System.Buffers;

namespace Unotify.Host.Webhooks;

/// <summary>
/// A request body read once into memory reserved from the <see cref="BodyBudget"/>; dispose it to give the memory back.
/// Buffers up to <see cref="BodyBudget.LargeBody"/> are rented from the shared pool; larger ones are mapped from the
/// operating system and unmapped on dispose (<see cref="MappedBuffer"/>), so a burst of large bodies leaves nothing
/// resident behind it.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int FirstSegment = 16 * 1024;
    private const int LargestSegment = 4 * 1024 * 1024;
    private readonly BodyBudget.Reservation _reservation;
    private Buffer? _buffer;

    private PooledBody(Buffer buffer, int length, BodyBudget.Reservation reservation)
    {
        _buffer = buffer;
        _reservation = reservation;
        Length = length;
    }

    /// <summary>What became of a read.</summary>
    public enum Outcome
    {
        /// <summary>The whole body was read.</summary>
        Read,

        /// <summary>The body is longer than the limit; what was read is given back.</summary>
        TooLarge,

        /// <summary>The body does not fit the budget now; nothing more is read, and what was read is given back.</summary>
        OverBudget,
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).Memory[..Length];

    /// <summary>
    /// Reads the whole body into memory reserved through <paramref name="reservation"/> before each buffer is taken;
    /// the returned body owns the reservation, which is disposed here otherwise.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="contentLength">The declared length, when there is one.</param>
    /// <param name="limit">The longest body accepted.</param>
    /// <param name="reservation">The request's share of the budget.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body when <see cref="Outcome.Read"/>, otherwise why not.</returns>
    public static async Task<(PooledBody? Body, Outcome Outcome)> ReadAsync(
        Stream body, long? contentLength, int limit, BodyBudget.Reservation reservation, CancellationToken cancellationToken)
    {
        try
        {
            var (read, outcome) = contentLength is { } declared
                ? await ReadDeclaredAsync(body, declared, limit, reservation, cancellationToken)
                : await ReadStreamedAsync(body, limit, reservation, cancellationToken);
            if (read is null)
            {
                reservation.Dispose();
            }

            return (read, outcome);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            buffer.Dispose();
            _reservation.Dispose();
        }
    }

    /// <summary>With a Content-Length, Kestrel hands over exactly that many bytes: one buffer of that size holds them.</summary>
    private static async Task<(PooledBody?, Outcome)> ReadDeclaredAsync(
        Stream body, long declared, int limit, BodyBudget.Reservation reservation, CancellationToken cancellationToken)
    {
        if (declared > limit)
        {
            return (null, Outcome.TooLarge);
        }

        if (!reservation.TryResize(declared))
        {
            return (null, Outcome.OverBudget);
        }

        var buffer = Buffer.Take((int)declared);
        try
        {
            var length = 0;
            while (length < declared && await body.ReadAsync(buffer.Memory[length..(int)declared], cancellationToken) is var read and > 0)
            {
                length += read;
            }

            return (new PooledBody(buffer, length, reservation), Outcome.Read);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Without a Content-Length, the body is read into segments of growing size, each reserved before it is taken, so
    /// one that turns out too long is refused holding no more than the limit; a body of several segments is joined
    /// into one buffer at the end.
    /// </summary>
    private static async Task<(PooledBody?, Outcome)> ReadStreamedAsync(
        Stream body, int limit, BodyBudget.Reservation reservation, CancellationToken cancellationToken)
    {
        var segments = new List<Buffer>();
        var total = 0;
        var used = 0;
        try
        {
            while (true)
            {
                if (segments.Count == 0 || used == segments[^1].Memory.Length)
                {
                    var size = segments.Count == 0 ? FirstSegment : Math.Min(segments[^1].Memory.Length * 2, LargestSegment);
                    if (!reservation.TryResize(reservation.Bytes + size))
                    {
                        return (null, Outcome.OverBudget);
                    }

                    segments.Add(Buffer.Take(size));
                    used = 0;
                }

                var read = await body.ReadAsync(segments[^1].Memory[used..], cancellationToken);
                if (read == 0)
                {
                    break;
                }

                used += read;
                total += read;
                if (total > limit)
                {
                    return (null, Outcome.TooLarge);
                }
            }

            if (segments.Count == 1)
            {
                var only = segments[0];
                segments.Clear();
                return (new PooledBody(only, total, reservation), Outcome.Read);
            }

            if (!reservation.TryResize(reservation.Bytes + total))
            {
                return (null, Outcome.OverBudget);
            }

            var joined = Buffer.Take(Math.Max(total, 1));
            var offset = 0;
            foreach (var segment in segments)
            {
                var count = Math.Min(segment.Memory.Length, total - offset);
                segment.Memory.Span[..count].CopyTo(joined.Memory.Span[offset..]);
                offset += count;
            }

            reservation.TryResize(total);
            return (new PooledBody(joined, total, reservation), Outcome.Read);
        }
        finally
        {
            foreach (var segment in segments)
            {
                segment.Dispose();
            }
        }
    }

    /// <summary>A rented array for a small body, a mapping for a large one.</summary>
    private sealed class Buffer : IDisposable
    {
        private byte[]? _array;
        private MappedBuffer? _mapped;

        private Buffer(byte[]? array, MappedBuffer? mapped)
        {
            _array = array;
            _mapped = mapped;
            Memory = array is not null ? array : mapped!.Memory;
        }

        public Memory<byte> Memory { get; }

        public static Buffer Take(int size) => size switch
        {
            0 => new Buffer([], null),
            <= (int)BodyBudget.LargeBody => new Buffer(ArrayPool<byte>.Shared.Rent(size), null),
            _ => new Buffer(null, new MappedBuffer(size)),
        };

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { Length: > 0 } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }

            ((IDisposable?)Interlocked.Exchange(ref _mapped, null))?.Dispose();
        }
    }
}
