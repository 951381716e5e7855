namespace Unotify.Hcl;

/// <summary>The only exception <see cref="HclParser.Parse(string, string)"/> throws: the input is not valid HCL.</summary>
public sealed class HclParseException : Exception
{
    /// <summary>Wraps the first error found in the input.</summary>
    public HclParseException(HclParseError error)
        : base(error.ToString()) => Error = error;

    /// <summary>Needed by convention; prefer the constructor taking an <see cref="HclParseError"/>.</summary>
    public HclParseException()
        : this(new HclParseError("<unknown>", new SourcePosition(1, 1, 0), "valid HCL", "invalid HCL"))
    {
    }

    /// <summary>Needed by convention; prefer the constructor taking an <see cref="HclParseError"/>.</summary>
    public HclParseException(string message)
        : this(new HclParseError("<unknown>", new SourcePosition(1, 1, 0), "valid HCL", message))
    {
    }

    /// <summary>Needed by convention; prefer the constructor taking an <see cref="HclParseError"/>.</summary>
    public HclParseException(string message, Exception innerException)
        : base(message, innerException) =>
        Error = new HclParseError("<unknown>", new SourcePosition(1, 1, 0), "valid HCL", message);

    /// <summary>The error: position, what was expected and the message.</summary>
    public HclParseError Error { get; }

    /// <summary>The file name given to the parser.</summary>
    public string FileName => Error.FileName;

    /// <summary>1-based line of the error.</summary>
    public int Line => Error.Line;

    /// <summary>1-based column of the error.</summary>
    public int Column => Error.Column;

    /// <summary>0-based UTF-8 byte offset of the error.</summary>
    public int Offset => Error.Offset;

    /// <summary>What the parser expected at the error position, e.g. <c>"=" or "{"</c>.</summary>
    public string Expected => Error.Expected;
}
