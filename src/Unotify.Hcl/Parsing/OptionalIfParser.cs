using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Runs the wrapped parser only when the next character starts it (e.g. <c>?</c> of a conditional), otherwise
/// yields nothing without trying; a cheaper <c>Optional</c> for the hot path.
/// </summary>
internal sealed class OptionalIfParser<T> : Parser<char, Maybe<T>>
{
    private readonly Parser<char, T> _parser;
    private readonly Func<char, bool> _starts;

    public OptionalIfParser(Func<char, bool> starts, Parser<char, T> parser)
    {
        _parser = parser;
        _starts = starts;
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Maybe<T> result)
    {
        if (state.LookAhead(1) is [var next] && _starts(next))
        {
            var parsed = _parser.TryParse(ref state, ref expecteds, out var value);
            result = parsed ? Maybe.Just(value!) : Maybe.Nothing<T>();
            return parsed;
        }

        result = Maybe.Nothing<T>();
        return true;
    }
}
