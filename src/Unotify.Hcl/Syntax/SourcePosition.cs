namespace Unotify.Hcl;

/// <summary>A point in a source file: 1-based line and column, 0-based UTF-8 byte offset (as hclsyntax reports).</summary>
/// <remarks>Columns count Unicode text elements (what an editor shows as characters), not bytes.</remarks>
public readonly record struct SourcePosition(int Line, int Column, int Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
