using Pidgin;

namespace Unotify.Hcl;

/// <summary>
/// Takes one branch when the input continues with a keyword (e.g. <c>for</c> right after <c>[</c>) and the
/// other otherwise, by looking at the text rather than trying and backtracking.
/// </summary>
internal sealed class KeywordBranchParser<T> : Parser<char, T>
{
    private readonly string _keyword;
    private readonly Parser<char, T> _whenKeyword;
    private readonly Parser<char, T> _otherwise;

    public KeywordBranchParser(string keyword, Parser<char, T> whenKeyword, Parser<char, T> otherwise)
    {
        _keyword = keyword;
        _whenKeyword = whenKeyword;
        _otherwise = otherwise;
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out T result)
    {
        var span = state.LookAhead(_keyword.Length + 1);
        var isKeyword = span.StartsWith(_keyword)
            && (span.Length == _keyword.Length || !CharClass.IsIdentifierPart(span[_keyword.Length]));
        return (isKeyword ? _whenKeyword : _otherwise).TryParse(ref state, ref expecteds, out result!);
    }
}
