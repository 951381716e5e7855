using Pidgin;

namespace Unotify.Hcl;

/// <summary>Counts how deeply the wrapped (recursive) production nests and stops the parse past <see cref="ParseSession.MaxDepth"/>.</summary>
internal sealed class DepthGuardParser<T> : Parser<char, T>
{
    private readonly Parser<char, T> _inner;

    public DepthGuardParser(Parser<char, T> inner) => _inner = inner;

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out T result)
    {
        var session = ParseSession.Current;
        session.Enter((int)state.Location);
        try
        {
            return _inner.TryParse(ref state, ref expecteds, out result!);
        }
        finally
        {
            session.Leave();
        }
    }
}
