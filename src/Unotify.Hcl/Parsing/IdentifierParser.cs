using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// An identifier (letters, digits, <c>_</c> and <c>-</c>, not starting with a digit or <c>-</c>); with a
/// <c>keyword</c>, only that exact word. Fails without consuming anything.
/// </summary>
internal sealed class IdentifierParser : Parser<char, Spanned<string>>
{
    private static readonly Expected<char>[] IdentifierExpected = [new("identifier")];
    private readonly string? _keyword;
    private readonly Expected<char>[] _expected;

    public IdentifierParser(string? keyword = null)
    {
        _keyword = keyword;
        _expected = keyword is null ? IdentifierExpected : [new($"\"{keyword}\"")];
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Spanned<string> result)
    {
        var start = (int)state.Location;
        var length = 0;
        while (true)
        {
            var requested = length + 64;
            var span = state.LookAhead(requested);
            if (length == 0 && (span.IsEmpty || !CharClass.IsIdentifierStart(span[0])))
            {
                return Fail(ref state, ref expecteds, span, out result);
            }

            while (length < span.Length && (length == 0 || CharClass.IsIdentifierPart(span[length])))
            {
                length++;
            }

            if (length < span.Length || span.Length < requested)
            {
                var word = span[..length];
                if (_keyword is not null && !word.SequenceEqual(_keyword))
                {
                    return Fail(ref state, ref expecteds, span, out result);
                }

                result = new Spanned<string>(_keyword ?? ParseSession.Current.Share(word), start, start + length);
                state.Advance(length);
                return true;
            }
        }
    }

    private bool Fail(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, ReadOnlySpan<char> span, out Spanned<string> result)
    {
        state.SetError(span.IsEmpty ? Maybe.Nothing<char>() : Maybe.Just(span[0]), span.IsEmpty, state.Location, null);
        expecteds.AddRange(_expected.AsSpan());
        result = default;
        return false;
    }
}
