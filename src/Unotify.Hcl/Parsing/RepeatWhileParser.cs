using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Runs <c>item</c> for as long as the next character says another one starts (e.g. until <c>]</c>). Unlike
/// Pidgin's <c>Many</c> it never tries-and-backtracks, so the hot loops over items pool nothing per item, and
/// when the loop stops the following parser alone says what was expected.
/// </summary>
internal sealed class RepeatWhileParser<T> : Parser<char, IReadOnlyList<T>>
{
    private readonly Parser<char, T> _item;
    private readonly Func<char, char, bool> _continues;
    private readonly bool _continueAtEnd;

    /// <param name="item">One item.</param>
    /// <param name="continues">Given the next two characters (the second <c>'\0'</c> at the end), whether an item starts.</param>
    /// <param name="continueAtEnd">
    /// Whether the end of the input means "another item" (so the item reports what is missing, as inside brackets)
    /// rather than "no more items".
    /// </param>
    public RepeatWhileParser(Parser<char, T> item, Func<char, char, bool> continues, bool continueAtEnd)
    {
        _item = item;
        _continues = continues;
        _continueAtEnd = continueAtEnd;
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out IReadOnlyList<T> result)
    {
        List<T>? items = null;
        result = [];
        while (state.LookAhead(2) is var lookahead
            && (lookahead.IsEmpty ? _continueAtEnd : _continues(lookahead[0], lookahead.Length > 1 ? lookahead[1] : '\0')))
        {
            if (!_item.TryParse(ref state, ref expecteds, out var item))
            {
                return false;
            }

            items ??= [];
            items.Add(item);
            result = items;
        }

        return true;
    }
}
