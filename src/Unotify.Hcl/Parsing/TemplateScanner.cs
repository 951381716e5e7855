using System.Buffers;
using System.Globalization;
using System.Text;
using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Scans the inside of a quoted string (after its opening quote, through its closing quote) or of a heredoc (after
/// the opener's newline, through the closing marker) into flat <see cref="TemplateToken"/>s. Literal text is
/// scanned by hand for speed; <c>${…}</c> and <c>%{…}</c> are handed to the Pidgin parsers given.
/// </summary>
internal sealed class TemplateScanner : Parser<char, List<TemplateToken>>
{
    private const int Chunk = 64;
    private static readonly SearchValues<char> QuotedSpecials = SearchValues.Create("\"\\$%\n\r");
    private static readonly SearchValues<char> HeredocSpecials = SearchValues.Create("$%\n");

    private readonly Parser<char, TemplateToken> _interpolation;
    private readonly Parser<char, TemplateToken> _directive;
    private readonly string? _heredocMarker;

    public TemplateScanner(Parser<char, TemplateToken> interpolation, Parser<char, TemplateToken> directive, string? heredocMarker)
    {
        _interpolation = interpolation;
        _directive = directive;
        _heredocMarker = heredocMarker;
    }

    private bool IsHeredoc => _heredocMarker is not null;

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out List<TemplateToken> result)
    {
        result = [];
        var atLineStart = true;
        while (true)
        {
            if (IsHeredoc && atLineStart && TryCloseHeredoc(ref state))
            {
                return true;
            }

            atLineStart = false;
            var span = state.LookAhead(3);
            var location = (int)state.Location;
            if (span.IsEmpty)
            {
                throw IsHeredoc
                    ? new HclSyntaxFailure(location, $"\"{_heredocMarker}\"", $"Unterminated template string: the heredoc has no closing \"{_heredocMarker}\" line before the end of the file.")
                    : new HclSyntaxFailure(location, "\"\\\"\"", "Unterminated template string: the quoted string has no closing quote before the end of the file.");
            }

            if (!IsHeredoc && span[0] == '"')
            {
                state.Advance(1);
                return true;
            }

            if (!IsHeredoc && (span[0] == '\n' || (span[0] == '\r' && span.Length > 1 && span[1] == '\n')))
            {
                throw new HclSyntaxFailure(location, "\"\\\"\"", "Unterminated template string: a quoted string must be closed on the line it starts; use a heredoc (<<EOT) for text over several lines.");
            }

            if (span.Length > 1 && span[1] == '{' && span[0] is '$' or '%')
            {
                var parser = span[0] == '$' ? _interpolation : _directive;
                if (!parser.TryParse(ref state, ref expecteds, out var token))
                {
                    return false;
                }

                result.Add(token);
                continue;
            }

            var literal = ScanLiteral(ref state);
            result.Add(literal);
            atLineStart = literal.EndsLine;
        }
    }

    private bool TryCloseHeredoc(ref ParseState<char> state)
    {
        var marker = _heredocMarker!;
        var span = state.LookAhead(marker.Length + 66);
        var i = 0;
        while (i < span.Length && span[i] is ' ' or '\t')
        {
            i++;
        }

        if (!span[i..].StartsWith(marker))
        {
            return false;
        }

        var after = i + marker.Length;
        if (after < span.Length && span[after] != '\n' && !(span[after] == '\r' && after + 1 < span.Length && span[after + 1] == '\n'))
        {
            return false;
        }

        state.Advance(after);
        return true;
    }

    private TemplateToken ScanLiteral(ref ParseState<char> state)
    {
        var start = (int)state.Location;
        var specials = IsHeredoc ? HeredocSpecials : QuotedSpecials;
        var first = state.LookAhead(Chunk);
        var firstStop = first.IndexOfAny(specials);
        if (firstStop >= 0 && !IsHeredoc && first[firstStop] == '"')
        {
            // The common case: plain text up to the closing quote, no escapes.
            var plain = ParseSession.Current.Share(first[..firstStop]);
            state.Advance(firstStop);
            return new TemplateToken { Kind = TemplateTokenKind.Literal, Start = start, End = start + firstStop, Text = plain };
        }

        var text = new StringBuilder();
        var endsLine = false;
        while (true)
        {
            var span = state.LookAhead(Chunk);
            var stop = span.IndexOfAny(specials);
            if (stop < 0)
            {
                text.Append(span);
                state.Advance(span.Length);
                if (span.Length < Chunk)
                {
                    break; // end of input: the caller reports the missing terminator
                }

                continue;
            }

            text.Append(span[..stop]);
            state.Advance(stop);
            span = state.LookAhead(10);
            var c = span[0];
            var next = span.Length > 1 ? span[1] : '\0';
            if (c == '$' || c == '%')
            {
                if (next == '{')
                {
                    break; // an interpolation or directive starts here
                }

                if (next == c && span.Length > 2 && span[2] == '{')
                {
                    text.Append(c).Append('{'); // "$${" and "%%{" are literal "${" and "%{"
                    state.Advance(3);
                }
                else
                {
                    text.Append(c);
                    state.Advance(1);
                }

                continue;
            }

            if (c == '\n' && IsHeredoc)
            {
                RemoveTrailingCarriageReturn(text);
                text.Append('\n');
                state.Advance(1);
                endsLine = true;
                break;
            }

            if (c == '\\')
            {
                state.Advance(ReadEscape(span, (int)state.Location, text));
                continue;
            }

            if (c == '\r' && next != '\n')
            {
                text.Append(c);
                state.Advance(1);
                continue;
            }

            break; // a quote or a newline ends the literal
        }

        return new TemplateToken
        {
            Kind = TemplateTokenKind.Literal,
            Start = start,
            End = (int)state.Location,
            Text = text.ToString(),
            EndsLine = endsLine,
        };
    }

    private static void RemoveTrailingCarriageReturn(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] == '\r')
        {
            text.Length--;
        }
    }

    /// <summary>Applies one backslash escape of a quoted string and returns how many characters it took.</summary>
    private static int ReadEscape(ReadOnlySpan<char> span, int location, StringBuilder text)
    {
        var selector = span.Length > 1 ? span[1] : '\0';
        switch (selector)
        {
            case 'n': text.Append('\n'); return 2;
            case 'r': text.Append('\r'); return 2;
            case 't': text.Append('\t'); return 2;
            case '"': text.Append('"'); return 2;
            case '\\': text.Append('\\'); return 2;
            case 'u':
            case 'U':
                var digits = selector == 'u' ? 4 : 8;
                var hex = span.Length >= 2 + digits ? span.Slice(2, digits) : [];
                if (hex.Length == digits
                    && !hex.ContainsAnyExcept(HexDigits)
                    && int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var scalar)
                    && Rune.IsValid(scalar))
                {
                    text.Append(char.ConvertFromUtf32(scalar));
                    return 2 + digits;
                }

                throw new HclSyntaxFailure(
                    location,
                    $"\\{selector} and {digits} hexadecimal digits of a Unicode scalar value",
                    $"Invalid escape sequence: the \\{selector} escape must be followed by {digits} hexadecimal digits naming a Unicode character.");
            default:
                var shown = selector == '\0' ? "end of input" : $"\"{selector}\"";
                throw new HclSyntaxFailure(
                    location,
                    "one of \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN",
                    $"Invalid escape sequence: the symbol {shown} is not a valid escape sequence selector.");
        }
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
}
