namespace Unotify.StateMachines;

/// <summary>A <c>state "STATE" { fields = { … } }</c> block as written, not yet validated.</summary>
/// <param name="StateId">The state the fields are for.</param>
/// <param name="FieldsJson">The fields as a JSON object, or <see langword="null"/> when missing or not literal (already reported).</param>
/// <param name="Location">Where the block starts.</param>
internal sealed record StateFieldsDeclaration(LocatedText StateId, string? FieldsJson, SourceLocation Location);
