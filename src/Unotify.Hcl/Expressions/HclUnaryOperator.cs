namespace Unotify.Hcl;

/// <summary>A prefix operator.</summary>
public enum HclUnaryOperator
{
    /// <summary><c>!</c></summary>
    Not,

    /// <summary><c>-</c></summary>
    Negate,
}
