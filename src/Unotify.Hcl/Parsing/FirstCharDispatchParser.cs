using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Chooses among alternatives by the next character, so that on the hot path only the one alternative that can
/// match is tried (Pidgin's <c>OneOf</c> would try each in turn and pool an expectation list per try). When no
/// alternative starts here, fails without consuming and names <c>label</c> as what was expected.
/// </summary>
internal sealed class FirstCharDispatchParser<T> : Parser<char, T>
{
    private readonly (Func<char, bool> Starts, Parser<char, T> Parser)[] _alternatives;
    private readonly Expected<char>[] _label;

    public FirstCharDispatchParser(string label, params (Func<char, bool> Starts, Parser<char, T> Parser)[] alternatives)
    {
        _alternatives = alternatives;
        _label = [new Expected<char>(label)];
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out T result)
    {
        var span = state.LookAhead(1);
        if (!span.IsEmpty)
        {
            foreach (var (starts, parser) in _alternatives)
            {
                if (starts(span[0]))
                {
                    return parser.TryParse(ref state, ref expecteds, out result!);
                }
            }
        }

        state.SetError(span.IsEmpty ? Maybe.Nothing<char>() : Maybe.Just(span[0]), span.IsEmpty, state.Location, null);
        expecteds.AddRange(_label.AsSpan());
        result = default!;
        return false;
    }
}
