using Pidgin;
using static Pidgin.Parser;
using static Unotify.Hcl.Lexemes;

namespace Unotify.Hcl;

/// <summary>
/// Tuples <c>[…]</c>, objects <c>{…}</c> and the for-expressions written inside them. Tuple items may be
/// separated by newlines freely; object items are separated by commas or newlines, as in hclsyntax.
/// </summary>
internal static class Collections
{
    private static Parser<char, Spanned<HclExpression>> InnerExpression => ExpressionGrammar.Bracketed.Expression;


    private static readonly Parser<char, Spanned<string>> ForKeyword = InBrackets(Keyword("for"));

    private static readonly Parser<char, ForHeader> ForHeader = Map(
        (first, second, collection) => second.HasValue
            ? new ForHeader(first.Value, second.Value.Value, collection.Value)
            : new ForHeader(null, first.Value, collection.Value),
        ForKeyword.Then(InBrackets(Identifier)),
        InBrackets(Char(',')).Then(InBrackets(Identifier)).Optional(),
        InBrackets(Keyword("in")).Then(Rec(() => InnerExpression)).Before(InBrackets(Char(':'))));

    private static readonly Parser<char, Maybe<Spanned<HclExpression>>> ForCondition =
        InBrackets(Keyword("if")).Then(Rec(() => InnerExpression)).Optional();

    private static readonly Parser<char, Func<int, int, Spanned<HclExpression>>> TupleFor = Map(
        (header, value, condition) => new Func<int, int, Spanned<HclExpression>>((start, end) => ExpressionGrammar.Node(start, end,
            new HclForExpression(header.KeyVariable, header.ValueVariable, header.Collection, null, value.Value,
                condition.HasValue ? condition.Value.Value : null, false, ExpressionGrammar.Range(start, end)))),
        ForHeader,
        Rec(() => InnerExpression),
        ForCondition);

    private static readonly Parser<char, Func<int, int, Spanned<HclExpression>>> ObjectFor = Map(
        (header, key, value, grouping, condition) => new Func<int, int, Spanned<HclExpression>>((start, end) => ExpressionGrammar.Node(start, end,
            new HclForExpression(header.KeyVariable, header.ValueVariable, header.Collection, key.Value, value.Value,
                condition.HasValue ? condition.Value.Value : null, grouping.HasValue, ExpressionGrammar.Range(start, end)))),
        ForHeader,
        Rec(() => InnerExpression).Before(InBrackets(Try(String("=>")))),
        Rec(() => InnerExpression),
        InBrackets(Ellipsis).Optional(),
        ForCondition);

    private static readonly Parser<char, Func<int, int, Spanned<HclExpression>>> TupleItems = Map(
        items => new Func<int, int, Spanned<HclExpression>>((start, end) => ExpressionGrammar.Node(start, end,
            new HclTupleExpression(StructuralList<HclExpression>.From([.. items.Select(item => item.Value)]), ExpressionGrammar.Range(start, end)))),
        Rec(() => InnerExpression)
            .Before(Dispatch("\",\" or \"]\"", (c => c == ',', InBrackets(Char(',')).ThenReturn(Unit.Value)), (c => c == ']', Nothing)))
            .RepeatUntil(']'));

    /// <summary><c>[a, b]</c> or <c>[for v in coll : v]</c>, without trailing space.</summary>
    public static readonly Parser<char, Spanned<HclExpression>> Tuple = Map(
        (start, build, end) => build(start, end + 1),
        Offset.Before(InBrackets(Char('['))),
        new KeywordBranchParser<Func<int, int, Spanned<HclExpression>>>("for", TupleFor, TupleItems),
        Offset.Before(Char(']'))).TrackOpener(OpenerKind.Tuple);

    private static readonly Parser<char, Unit> ItemSeparator = Dispatch(
        "\",\" or \"}\" or newline",
        (c => c == ',', Char(',').Then(SpaceAndNewlines)),
        (c => c is '\n' or '\r', Newline.Then(SpaceAndNewlines)),
        (c => c == '}', Nothing));

    private static readonly Parser<char, HclObjectItem> ObjectItem = Map(
        (key, value) => new HclObjectItem(
            LiteralKey(key),
            value.Value,
            ExpressionGrammar.Range(key.Start, value.End)),
        Rec(() => ExpressionGrammar.LineSensitive.Expression).Before(Parser<char>.Token(c => c is '=' or ':').Labelled("\"=\" or \":\"").Before(Space)),
        Rec(() => ExpressionGrammar.LineSensitive.Expression));

    private static readonly Parser<char, Func<int, int, Spanned<HclExpression>>> ObjectItems = Map(
        items => new Func<int, int, Spanned<HclExpression>>((start, end) => ExpressionGrammar.Node(start, end,
            new HclObjectExpression(StructuralList<HclObjectItem>.From(items), ExpressionGrammar.Range(start, end)))),
        ObjectItem.Before(ItemSeparator).RepeatUntil('}'));

    /// <summary><c>{ a = 1, b: 2 }</c> or <c>{for k, v in coll : k => v}</c>, without trailing space.</summary>
    public static readonly Parser<char, Spanned<HclExpression>> Object = Map(
        (start, build, end) => build(start, end + 1),
        Offset.Before(InBrackets(Char('{'))),
        new KeywordBranchParser<Func<int, int, Spanned<HclExpression>>>("for", ObjectFor, ObjectItems),
        Offset.Before(Char('}'))).TrackOpener(OpenerKind.Object);

    /// <summary>A bare identifier used as an object key is the literal string of its name, as in hclsyntax.</summary>
    private static HclExpression LiteralKey(Spanned<HclExpression> key) =>
        key.Value is HclVariableExpression variable
            ? new HclLiteralExpression(new HclStringValue(variable.Name), variable.Range) { SourceSpan = variable.SourceSpan }
            : key.Value;
}
