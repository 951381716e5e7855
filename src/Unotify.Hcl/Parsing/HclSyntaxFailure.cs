namespace Unotify.Hcl;

/// <summary>
/// A definite syntax error found inside the grammar (bad escape, too deep, unbalanced directive). It unwinds the
/// Pidgin parsers at once and <see cref="DocumentReader"/> turns it into the one <see cref="HclParseError"/>.
/// </summary>
internal sealed class HclSyntaxFailure : Exception
{
    public HclSyntaxFailure(int charOffset, string expected, string message)
        : base(message)
    {
        CharOffset = charOffset;
        Expected = expected;
    }

    public HclSyntaxFailure()
    {
    }

    public HclSyntaxFailure(string message)
        : base(message)
    {
    }

    public HclSyntaxFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int CharOffset { get; }

    public string Expected { get; } = "valid HCL";
}
