namespace Unotify.Hcl;

/// <summary>A block <c>type "label" bare_label { body }</c>; <see cref="Range"/> covers it up to the closing brace.</summary>
public sealed record HclBlock(
    string Type,
    SourceRange TypeRange,
    IReadOnlyList<HclBlockLabel> Labels,
    HclBody Body,
    SourceRange Range);
