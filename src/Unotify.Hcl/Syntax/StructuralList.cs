using System.Collections;

namespace Unotify.Hcl;

/// <summary>
/// The read-only list behind every list in the syntax tree: compares item by item, so records holding
/// lists (nodes, values) have value equality and whole trees can be compared in tests.
/// </summary>
internal sealed class StructuralList<T> : IReadOnlyList<T>, IEquatable<StructuralList<T>>
{
    private readonly T[] _items;

    public StructuralList(T[] items) => _items = items;

    public static StructuralList<T> Empty { get; } = new([]);

    public static StructuralList<T> From(IReadOnlyCollection<T> items) =>
        items.Count == 0 ? Empty : new StructuralList<T>([.. items]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(StructuralList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is StructuralList<T> other && Equals(other);

    public override int GetHashCode() => _items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", _items)}]";
}
