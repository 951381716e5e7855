namespace Unotify.Hcl;

/// <summary><c>name(arg, …)</c>; <see cref="ExpandFinalArgument"/> is set by a trailing <c>...</c>.</summary>
public sealed record HclFunctionCallExpression(
    string Name,
    IReadOnlyList<HclExpression> Arguments,
    bool ExpandFinalArgument,
    SourceRange Range) : HclExpression(Range);
