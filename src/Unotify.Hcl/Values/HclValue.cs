namespace Unotify.Hcl;

/// <summary>A constant value: what an expression that needs no variables or functions stands for.</summary>
public abstract record HclValue;
