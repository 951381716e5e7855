using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// A number literal <c>digits [. digits] [(e|E) [+|-] digits]</c>, returned as its exact text. The fraction and
/// exponent are taken only when complete, so <c>1.x</c> stays a number then an attribute access, as in hclsyntax.
/// </summary>
internal sealed class NumberParser : Parser<char, Spanned<string>>
{
    private static readonly Expected<char>[] NumberExpected = [new("number")];

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Spanned<string> result)
    {
        var start = (int)state.Location;
        var span = state.LookAhead(4096);
        var length = Digits(span, 0);
        if (length == 0)
        {
            state.SetError(span.IsEmpty ? Maybe.Nothing<char>() : Maybe.Just(span[0]), span.IsEmpty, state.Location, null);
            expecteds.AddRange(NumberExpected.AsSpan());
            result = default;
            return false;
        }

        if (length + 1 < span.Length && span[length] == '.' && CharClass.IsDigit(span[length + 1]))
        {
            length = Digits(span, length + 1);
        }

        if (length < span.Length && span[length] is 'e' or 'E')
        {
            var exponent = length + 1;
            if (exponent < span.Length && span[exponent] is '+' or '-')
            {
                exponent++;
            }

            var end = Digits(span, exponent);
            if (end > exponent)
            {
                length = end;
            }
        }

        if (length == span.Length && span.Length == 4096)
        {
            throw new HclSyntaxFailure(start, "a shorter number", "Invalid number literal: numbers may be at most 4095 characters long.");
        }

        result = new Spanned<string>(span[..length].ToString(), start, start + length);
        state.Advance(length);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> span, int from)
    {
        var i = from;
        while (i < span.Length && CharClass.IsDigit(span[i]))
        {
            i++;
        }

        return i;
    }
}
