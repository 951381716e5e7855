namespace Unotify.StateMachines;

/// <summary>A <c>statemachine "NAME" { initial = …; state … }</c> block as written, not yet validated.</summary>
/// <param name="Initial">The <c>initial</c> value, or <see langword="null"/> when missing or malformed (already reported).</param>
/// <param name="States">The <c>state "STATE" "EVENT"</c> blocks.</param>
/// <param name="Fields">The <c>state "STATE" { fields = … }</c> blocks.</param>
internal sealed record StateMachineDeclaration(
    LocatedText Name,
    LocatedText? Initial,
    IReadOnlyList<StateTransitionDeclaration> States,
    IReadOnlyList<StateFieldsDeclaration> Fields);
