namespace Unotify.Hcl;

/// <summary>
/// A stretch of the parsed text, kept as (text, start, length) so that long operator chains do not copy their
/// source once per node; equal when the characters are equal.
/// </summary>
internal readonly struct SourceSlice : IEquatable<SourceSlice>
{
    public SourceSlice(string text, int start, int length)
    {
        Text = text;
        Start = start;
        Length = length;
    }

    public static SourceSlice Empty { get; } = new(string.Empty, 0, 0);

    public string Text { get; }

    public int Start { get; }

    public int Length { get; }

    public ReadOnlySpan<char> AsSpan() => (Text ?? string.Empty).AsSpan(Start, Length);

    public bool Equals(SourceSlice other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is SourceSlice other && Equals(other);

    public override int GetHashCode() => Length;

    public override string ToString() => Start == 0 && Text?.Length == Length ? Text : AsSpan().ToString();

    public static bool operator ==(SourceSlice left, SourceSlice right) => left.Equals(right);

    public static bool operator !=(SourceSlice left, SourceSlice right) => !left.Equals(right);
}
