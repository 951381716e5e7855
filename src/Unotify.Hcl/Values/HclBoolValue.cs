namespace Unotify.Hcl;

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record HclBoolValue(bool Value) : HclValue;
