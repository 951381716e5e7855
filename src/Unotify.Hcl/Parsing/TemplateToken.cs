namespace Unotify.Hcl;

/// <summary>
/// One flat template token, as hclsyntax scans them: strip markers and heredoc indentation are applied to
/// literal tokens (hence the settable <see cref="Text"/>) before <see cref="TemplateBuilder"/> nests directives.
/// </summary>
internal sealed class TemplateToken
{
    public required TemplateTokenKind Kind { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    public string Text { get; set; } = string.Empty;

    /// <summary>Heredoc literals are one per line; this one ends with its line's newline.</summary>
    public bool EndsLine { get; init; }

    public HclExpression? Expression { get; init; }

    public string? KeyVariable { get; init; }

    public string? ValueVariable { get; init; }

    public bool StripBefore { get; init; }

    public bool StripAfter { get; init; }
}
