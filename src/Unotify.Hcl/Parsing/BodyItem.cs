namespace Unotify.Hcl;

/// <summary>An attribute or a block, as read in a body; exactly one is set.</summary>
internal readonly record struct BodyItem(HclAttribute? Attribute, HclBlock? Block);
