namespace Unotify.Hcl;

/// <summary>
/// What follows an item's name: an attribute's value, or a block's labels and body (with the offset of its
/// <c>{</c>). A struct, so reading a body item allocates nothing beyond the tree itself.
/// </summary>
internal readonly record struct ItemTail(
    Spanned<HclExpression>? Value,
    IReadOnlyList<HclBlockLabel>? Labels,
    int OpenBrace,
    HclBody? Body);
