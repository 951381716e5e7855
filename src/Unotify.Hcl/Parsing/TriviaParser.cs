using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Skips spaces, tabs, comments (<c>#</c>, <c>//</c>, <c>/* */</c>) and, when asked, newlines; never fails.
/// Line comments stop before their newline, so the newline still ends an attribute where newlines matter.
/// Hand-written because it runs between every two tokens.
/// </summary>
internal sealed class TriviaParser : Parser<char, Unit>
{
    private const int Chunk = 64;
    private readonly bool _newlines;

    public TriviaParser(bool newlines) => _newlines = newlines;

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Unit result)
    {
        result = Unit.Value;
        while (true)
        {
            var span = state.LookAhead(Chunk);
            var full = span.Length == Chunk;
            var i = 0;
            while (i < span.Length)
            {
                var c = span[i];
                if (c is ' ' or '\t')
                {
                    i++;
                    continue;
                }

                var last = i + 1 == span.Length;
                if (c == '\n' || (c == '\r' && !last && span[i + 1] == '\n'))
                {
                    if (!_newlines)
                    {
                        state.Advance(i);
                        return true;
                    }

                    i += c == '\n' ? 1 : 2;
                    continue;
                }

                if (c == '\r' && !(last && full))
                {
                    i++; // a lone carriage return is just space
                    continue;
                }

                if (c == '#' || (c == '/' && !last && span[i + 1] is '/' or '*'))
                {
                    state.Advance(i);
                    if (c == '/' && span[i + 1] == '*')
                    {
                        SkipBlockComment(ref state);
                    }
                    else
                    {
                        SkipLineComment(ref state);
                    }

                    i = -1;
                    break;
                }

                if (last && full && c is '/' or '\r')
                {
                    break; // what it starts is decided by the next look-ahead
                }

                state.Advance(i);
                return true;
            }

            if (i >= 0)
            {
                state.Advance(i);
                if (!full || i == 0)
                {
                    return true;
                }
            }
        }
    }

    private static void SkipLineComment(ref ParseState<char> state)
    {
        while (true)
        {
            var span = state.LookAhead(Chunk);
            var end = span.IndexOf('\n');
            if (end >= 0)
            {
                // Leave "\r\n" whole for the newline parser.
                state.Advance(end > 0 && span[end - 1] == '\r' ? end - 1 : end);
                return;
            }

            if (span.Length < Chunk)
            {
                state.Advance(span.Length);
                return;
            }

            state.Advance(span.Length - 1);
        }
    }

    private static void SkipBlockComment(ref ParseState<char> state)
    {
        var start = (int)state.Location;
        state.Advance(2);
        while (true)
        {
            var span = state.LookAhead(Chunk);
            var end = span.IndexOf("*/".AsSpan());
            if (end >= 0)
            {
                state.Advance(end + 2);
                return;
            }

            if (span.Length < Chunk)
            {
                throw new HclSyntaxFailure(
                    start,
                    "\"*/\"",
                    "Unterminated comment: this /* comment has no closing */ before the end of the file.");
            }

            state.Advance(span.Length - 1);
        }
    }
}
