using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// A newline, <c>\n</c> or <c>\r\n</c> (or, when <c>orEnd</c>, the end of the file, which also ends a line).
/// Fails without consuming anything.
/// </summary>
internal sealed class NewlineParser : Parser<char, Unit>
{
    private static readonly Expected<char>[] NewlineExpected = [new("newline")];
    private readonly bool _orEnd;

    public NewlineParser(bool orEnd = false) => _orEnd = orEnd;

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Unit result)
    {
        result = Unit.Value;
        var span = state.LookAhead(2);
        var length = span.Length > 0 && span[0] == '\n' ? 1 : span.Length > 1 && span[0] == '\r' && span[1] == '\n' ? 2 : 0;
        if (length > 0 || (span.IsEmpty && _orEnd))
        {
            state.Advance(length);
            return true;
        }

        state.SetError(span.IsEmpty ? Maybe.Nothing<char>() : Maybe.Just(span[0]), span.IsEmpty, state.Location, null);
        expecteds.AddRange(NewlineExpected.AsSpan());
        return false;
    }
}
