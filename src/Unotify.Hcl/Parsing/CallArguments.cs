namespace Unotify.Hcl;

/// <summary>The parenthesised part of a function call; <see cref="End"/> is just after the closing parenthesis.</summary>
internal sealed record CallArguments(IReadOnlyList<HclExpression> Arguments, bool ExpandFinal, int End);
