using System.Runtime.CompilerServices;

namespace Unotify.Hcl;

/// <summary>
/// What the static grammar needs to know about the input being parsed: its text (for source spans), the position
/// map and the nesting depth. One per parse, reachable from the parsers through a thread-static field because
/// Pidgin parsers are built once and shared.
/// </summary>
internal sealed class ParseSession
{
    /// <summary>Deepest nesting of brackets, blocks, templates and unary operators accepted.</summary>
    public const int MaxDepth = 256;

    [ThreadStatic]
    private static ParseSession? t_current;

    private const int LongestSharedString = 64;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _stringLookup;
    private int _depth;

    private ParseSession(string text, PositionMap positions)
    {
        Text = text;
        Positions = positions;
        _stringLookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static ParseSession Current =>
        t_current ?? throw new InvalidOperationException("The HCL grammar runs only inside HclParser.");

    public string Text { get; }

    /// <summary>The innermost bracketed construct that failed, if any (see <see cref="OpenerTrackingParser{T}"/>).</summary>
    public (int Offset, OpenerKind Kind)? UnclosedOpener { get; set; }

    public PositionMap Positions { get; }

    public static ParseSession Begin(string text, int byteOffsetOfText)
    {
        var session = new ParseSession(text, new PositionMap(text, byteOffsetOfText));
        t_current = session;
        return session;
    }

    public static void End() => t_current = null;

    /// <summary>
    /// The text as a string, shared with earlier equal short strings of this parse: names and labels repeat a lot
    /// (<c>state</c>, <c>transition</c>), and sharing them keeps the tree small.
    /// </summary>
    public string Share(ReadOnlySpan<char> text)
    {
        if (text.Length > LongestSharedString)
        {
            return text.ToString();
        }

        if (!_stringLookup.TryGetValue(text, out var shared))
        {
            shared = text.ToString();
            _strings.Add(shared, shared);
        }

        return shared;
    }

    public SourceRange Range(int start, int end) => new(Positions.At(start), Positions.At(end));

    public void Enter(int charOffset)
    {
        if (++_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw TooDeep(charOffset);
        }
    }

    public static HclSyntaxFailure TooDeep(int charOffset) => new(
        charOffset,
        "less deeply nested content",
        $"Nesting too deep: brackets, braces, blocks, templates and prefix operators may nest at most {MaxDepth} levels.");

    public void Leave() => _depth--;
}
