namespace Unotify.Hcl;

/// <summary>A number, kept as its exact decimal source text (e.g. <c>1.50e3</c>) so no precision is lost.</summary>
public sealed record HclNumberValue(string Text) : HclValue;
