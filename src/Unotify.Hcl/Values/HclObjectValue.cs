namespace Unotify.Hcl;

/// <summary>An object of constant values; keys are unique (a repeated key keeps its last value, as hclsyntax does).</summary>
public sealed record HclObjectValue(IReadOnlyDictionary<string, HclValue> Members) : HclValue
{
    /// <inheritdoc />
    public bool Equals(HclObjectValue? other) =>
        other is not null
        && Members.Count == other.Members.Count
        && Members.All(pair => other.Members.TryGetValue(pair.Key, out var value) && pair.Value.Equals(value));

    /// <inheritdoc />
    public override int GetHashCode() => Members.Count;
}
