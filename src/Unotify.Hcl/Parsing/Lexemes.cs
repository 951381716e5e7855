using Pidgin;
using static Pidgin.Parser;

namespace Unotify.Hcl;

/// <summary>The tokens shared by the expression, template and body grammars. Built once.</summary>
internal static class Lexemes
{
    /// <summary>Spaces, tabs and comments, stopping at a newline.</summary>
    public static readonly Parser<char, Unit> Space = new TriviaParser(newlines: false);

    /// <summary>Spaces, tabs, comments and newlines.</summary>
    public static readonly Parser<char, Unit> SpaceAndNewlines = new TriviaParser(newlines: true);

    public static readonly Parser<char, Unit> Newline = new NewlineParser();

    /// <summary>What ends an attribute or block: a newline or the end of the file.</summary>
    public static readonly Parser<char, Unit> LineEnd = Newline.Or(Parser<char>.End.Labelled("end of file"));

    public static readonly Parser<char, Spanned<string>> Identifier = new IdentifierParser();

    public static readonly Parser<char, Spanned<string>> Number = new NumberParser();

    public static readonly Parser<char, int> Offset = Parser<char>.CurrentOffset;

    /// <summary>A contextual keyword such as <c>for</c>; never matches a longer identifier like <c>for_each</c>.</summary>
    public static Parser<char, Spanned<string>> Keyword(string word) => new IdentifierParser(word);

    /// <summary><c>...</c> (argument expansion or for-expression grouping).</summary>
    public static readonly Parser<char, string> Ellipsis = Try(String("..."));

    /// <summary>A <c>~</c> strip marker, if present.</summary>
    public static readonly Parser<char, bool> StripMarker = Char('~').Optional().Select(marker => marker.HasValue);

    /// <summary>Labels a production for errors at its first token only (see <see cref="StartLabelParser{T}"/>).</summary>
    public static Parser<char, T> Named<T>(this Parser<char, T> parser, string label) => new StartLabelParser<T>(parser, label);
}
