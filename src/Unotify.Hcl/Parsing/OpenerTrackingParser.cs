using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Remembers where the innermost failing bracketed construct started, so that "no closing bracket before the
/// end of the file" can be reported at the opening bracket as hclsyntax does.
/// </summary>
internal sealed class OpenerTrackingParser<T> : Parser<char, T>
{
    private readonly Parser<char, T> _inner;
    private readonly OpenerKind _kind;

    public OpenerTrackingParser(Parser<char, T> inner, OpenerKind kind)
    {
        _inner = inner;
        _kind = kind;
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out T result)
    {
        var start = (int)state.Location;
        if (_inner.TryParse(ref state, ref expecteds, out result!))
        {
            return true;
        }

        ParseSession.Current.UnclosedOpener ??= (start, _kind);
        return false;
    }
}
