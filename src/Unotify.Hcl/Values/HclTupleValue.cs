namespace Unotify.Hcl;

/// <summary>A tuple (list) of constant values, in source order.</summary>
public sealed record HclTupleValue(IReadOnlyList<HclValue> Items) : HclValue;
