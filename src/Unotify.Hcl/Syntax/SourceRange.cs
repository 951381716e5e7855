namespace Unotify.Hcl;

/// <summary>A half-open stretch of source: <see cref="Start"/> is the first character, <see cref="End"/> is just after the last.</summary>
public readonly record struct SourceRange(SourcePosition Start, SourcePosition End)
{
    /// <inheritdoc />
    public override string ToString() => $"{Start}-{End}";
}
