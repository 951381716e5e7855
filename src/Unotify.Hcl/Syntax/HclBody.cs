namespace Unotify.Hcl;

/// <summary>
/// The content of a file or of a block: attributes and nested blocks, each list in source order.
/// Attribute names are unique within one body (the parser rejects a redefinition).
/// </summary>
public sealed record HclBody(IReadOnlyList<HclAttribute> Attributes, IReadOnlyList<HclBlock> Blocks, SourceRange Range)
{
    /// <summary>The attribute with this name, or <see langword="null"/>.</summary>
    public HclAttribute? FindAttribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.Ordinal))
            {
                return attribute;
            }
        }

        return null;
    }
}
