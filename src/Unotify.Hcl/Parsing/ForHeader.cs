namespace Unotify.Hcl;

/// <summary><c>for key, value in collection :</c> — the part shared by tuple and object for-expressions.</summary>
internal sealed record ForHeader(string? KeyVariable, string ValueVariable, HclExpression Collection);
