namespace Unotify.Hcl;

/// <summary>The kinds of <see cref="TraversalStep"/>.</summary>
internal enum TraversalStepKind
{
    Attribute,
    LegacyIndex,
    Index,
    AttributeSplat,
    FullSplat,
}
