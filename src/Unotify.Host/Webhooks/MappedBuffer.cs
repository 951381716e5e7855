using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Unotify.Host.Webhooks;

/// <summary>
/// Memory for one large request body, mapped from the operating system and unmapped on dispose, so its pages go back at
/// once. An array of that size would stay resident until the GC next collects the large object heap, which an idle host
/// may not do for hours after a flood of large bodies.
/// </summary>
internal sealed unsafe class MappedBuffer : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _length;
    private byte* _pointer;

    /// <summary>Maps <paramref name="length"/> bytes (zeroed by the operating system).</summary>
    /// <param name="length">The size.</param>
    public MappedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _length = length;
        _file = MemoryMappedFile.CreateNew(null, length, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() =>
        _pointer is null ? throw new ObjectDisposedException(nameof(MappedBuffer)) : new Span<byte>(_pointer, _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc />
    public override void Unpin()
    {
        // Mapped memory never moves.
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_pointer is null)
        {
            return;
        }

        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
