namespace Unotify.StateMachines;

/// <summary>A <c>state "STATE" "EVENT" { transition = "TARGET" }</c> block as written, not yet validated.</summary>
/// <param name="Target">The <c>transition</c> value, or <see langword="null"/> when missing or malformed (already reported).</param>
internal sealed record StateTransitionDeclaration(
    LocatedText StateId,
    LocatedText EventName,
    LocatedText? Target,
    SourceLocation Location);
