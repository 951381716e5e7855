namespace Unotify.StateMachines;

/// <summary>An <c>aliasmapper "NAME" { aliases = { … } }</c> block as written, not yet validated.</summary>
/// <param name="Aliases">The entries, or <see langword="null"/> when <c>aliases</c> was missing or malformed (already reported).</param>
internal sealed record AliasMapperDeclaration(LocatedText Name, IReadOnlyList<AliasDeclaration>? Aliases);
