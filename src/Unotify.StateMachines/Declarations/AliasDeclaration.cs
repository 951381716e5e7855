namespace Unotify.StateMachines;

/// <summary>One entry of an aliasmapper's <c>aliases</c> object: <c>to_do: "To Do"</c>.</summary>
internal sealed record AliasDeclaration(LocatedText StateId, LocatedText StatusName);
