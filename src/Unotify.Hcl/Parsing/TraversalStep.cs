namespace Unotify.Hcl;

/// <summary>One postfix step after a term: <c>.name</c>, <c>.0</c>, <c>[key]</c>, <c>.*</c> or <c>[*]</c>.</summary>
internal sealed record TraversalStep(TraversalStepKind Kind, string? Name, HclExpression? Key, int Start, int End);
