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
    public static readonly Parser<char, Unit> LineEnd = new NewlineParser(orEnd: true);

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

    /// <summary>Repeats <paramref name="item"/> while the next character is one that starts it.</summary>
    public static Parser<char, IReadOnlyList<T>> RepeatWhile<T>(this Parser<char, T> item, Func<char, bool> continues) =>
        new RepeatWhileParser<T>(item, (next, _) => continues(next), continueAtEnd: false);

    /// <summary>Repeats <paramref name="item"/> until the closing character; at the end of input the item reports what is missing.</summary>
    public static Parser<char, IReadOnlyList<T>> RepeatUntil<T>(this Parser<char, T> item, char closer) =>
        new RepeatWhileParser<T>(item, (next, _) => next != closer, continueAtEnd: true);

    /// <summary>Repeats <paramref name="item"/> while the next two characters start one.</summary>
    public static Parser<char, IReadOnlyList<T>> RepeatWhile<T>(this Parser<char, T> item, Func<char, char, bool> continues) =>
        new RepeatWhileParser<T>(item, continues, continueAtEnd: false);

    /// <summary><paramref name="parser"/> if the next character starts it, else nothing.</summary>
    public static Parser<char, Maybe<T>> OptionalIf<T>(this Parser<char, T> parser, Func<char, bool> starts) =>
        new OptionalIfParser<T>(starts, parser);

    /// <summary>Chooses an alternative by the next character (see <see cref="FirstCharDispatchParser{T}"/>).</summary>
    public static Parser<char, T> Dispatch<T>(string label, params (Func<char, bool> Starts, Parser<char, T> Parser)[] alternatives) =>
        new FirstCharDispatchParser<T>(label, alternatives);

    /// <summary>Records where this construct opened if it fails (see <see cref="OpenerTrackingParser{T}"/>).</summary>
    public static Parser<char, T> TrackOpener<T>(this Parser<char, T> parser, OpenerKind kind) =>
        new OpenerTrackingParser<T>(parser, kind);

    /// <summary>A token inside brackets: newlines after it are plain space.</summary>
    public static Parser<char, T> InBrackets<T>(Parser<char, T> parser) => parser.Before(SpaceAndNewlines);

    /// <summary>Succeeds without consuming anything.</summary>
    public static Parser<char, Unit> Nothing { get; } = Parser<char>.Return(Unit.Value);
}
