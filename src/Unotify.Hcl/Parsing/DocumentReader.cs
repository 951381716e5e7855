namespace Unotify.Hcl;

/// <summary>Decodes the input and runs the grammar over it.</summary>
internal static class DocumentReader
{
    public static HclParseResult Read(ReadOnlySpan<byte> utf8, string fileName) =>
        Read(System.Text.Encoding.UTF8.GetString(utf8), fileName, 0);

    public static HclParseResult Read(string text, string fileName, int byteOffsetOfText) =>
        HclParseResult.Failure(new HclParseError(fileName, new SourcePosition(1, 1, byteOffsetOfText), "a body", "the grammar is being written (step 2)"));
}
