using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary>The outcome of <see cref="HclParser.TryParse(string, string)"/>: a document or the first error.</summary>
public sealed record HclParseResult
{
    private HclParseResult(HclDocument? document, HclParseError? error)
    {
        Document = document;
        Error = error;
    }

    /// <summary>The parsed document, when parsing succeeded.</summary>
    public HclDocument? Document { get; }

    /// <summary>The first error, when parsing failed.</summary>
    public HclParseError? Error { get; }

    /// <summary>Whether <see cref="Document"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Document))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Document is not null;

    internal static HclParseResult Success(HclDocument document) => new(document, null);

    internal static HclParseResult Failure(HclParseError error) => new(null, error);
}
