using System.Buffers;
using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Names what was expected when the wrapped parser fails before consuming anything (e.g. "expression"), but keeps
/// the inner expectations when it fails part-way, so <c>(1 2)</c> reports the missing <c>)</c>, not "expression".
/// Pidgin's own <c>Labelled</c> replaces the expectations in both cases.
/// </summary>
internal sealed class StartLabelParser<T> : Parser<char, T>
{
    private readonly Parser<char, T> _inner;
    private readonly Expected<char>[] _label;

    public StartLabelParser(Parser<char, T> inner, string label)
    {
        _inner = inner;
        _label = [new Expected<char>(label)];
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out T result)
    {
        var start = state.Location;
        var inner = new PooledList<Expected<char>>(ArrayPool<Expected<char>>.Shared);
        try
        {
            if (_inner.TryParse(ref state, ref inner, out result!))
            {
                return true;
            }

            expecteds.AddRange(state.Location == start ? _label.AsSpan() : inner.AsSpan());
            return false;
        }
        finally
        {
            inner.Dispose();
        }
    }
}
