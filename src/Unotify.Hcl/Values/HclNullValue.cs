namespace Unotify.Hcl;

/// <summary><c>null</c>.</summary>
public sealed record HclNullValue : HclValue
{
    /// <summary>The one null value.</summary>
    public static HclNullValue Instance { get; } = new();
}
