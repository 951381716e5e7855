namespace Unotify.Hcl;

/// <summary>
/// Why a file is not valid HCL: where (file, line, column, byte offset), what was expected there, and a message
/// that says it in a sentence. <see cref="ToString"/> gives <c>FILE:LINE:COLUMN: message</c>.
/// </summary>
public sealed record HclParseError(string FileName, SourcePosition Position, string Expected, string Message)
{
    /// <summary>1-based line of the error.</summary>
    public int Line => Position.Line;

    /// <summary>1-based column of the error.</summary>
    public int Column => Position.Column;

    /// <summary>0-based UTF-8 byte offset of the error.</summary>
    public int Offset => Position.Offset;

    /// <inheritdoc />
    public override string ToString() => $"{FileName}:{Line}:{Column}: {Message}";
}
