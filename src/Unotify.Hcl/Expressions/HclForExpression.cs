namespace Unotify.Hcl;

/// <summary>
/// <c>[for k, v in coll : value if cond]</c> or <c>{for k, v in coll : key => value... if cond}</c>.
/// <see cref="KeyResult"/> is set only for the object form; <see cref="Grouping"/> records the <c>...</c>.
/// </summary>
public sealed record HclForExpression(
    string? KeyVariable,
    string ValueVariable,
    HclExpression Collection,
    HclExpression? KeyResult,
    HclExpression ValueResult,
    HclExpression? Condition,
    bool Grouping,
    SourceRange Range) : HclExpression(Range)
{
    /// <summary>Whether this is the <c>{for …}</c> form that builds an object.</summary>
    public bool IsObject => KeyResult is not null;
}
