using Pidgin;
using static Pidgin.Parser;
using static Unotify.Hcl.Lexemes;

namespace Unotify.Hcl;

/// <summary>
/// Bodies, attributes and blocks. Newlines matter here: an attribute or a block ends with a newline (or the end
/// of the file), a block's <c>{</c> is on its header's line, and a block opened and given an attribute on one
/// line (<c>a "b" { c = 1 }</c>) holds exactly that attribute.
/// </summary>
internal static class BodyGrammar
{
    private static Parser<char, Spanned<HclExpression>> Value => ExpressionGrammar.LineSensitive.Expression;

    private static readonly Parser<char, Spanned<string>> ItemName =
        Identifier.Labelled("argument or block definition").Before(Space);

    private static readonly Parser<char, Spanned<HclExpression>> AttributeValue =
        Char('=').Before(Space).Then(Rec(() => Value));

    private static readonly Parser<char, HclBlockLabel> BareLabel = Identifier.Select(label =>
        new HclBlockLabel(label.Value, IsQuoted: false, ParseSession.Current.Range(label.Start, label.End)));

    private static readonly Parser<char, HclBody> SingleAttributeBody = Map(
        (start, name, value, end) => Body([new BodyItem(Attribute(name, value), null)], start, end + 1),
        Offset,
        Identifier.Labelled("argument definition").Before(Space),
        AttributeValue,
        Offset.Before(Char('}').Labelled("\"}\" right after the single-line block's argument")));

    private static readonly Parser<char, HclBody> MultiLineBody = Map(
        (start, items, end) => Body(items, start, end + 1),
        Offset.Before(Newline).Before(SpaceAndNewlines),
        Rec(() => Item!).Before(SpaceAndNewlines).RepeatWhile(c => c != '}'),
        Offset.Before(Char('}')));

    private static readonly Parser<char, HclBody> EmptyBody = Offset.Before(Char('}')).Select(end =>
        Body([], end, end + 1));

    private static readonly Parser<char, ItemTail> BlockTail = Map(
        (labels, open, body) => new ItemTail(null, labels, open, body),
        Dispatch("block label", (c => c == '"', Templates.QuotedLabel), (CharClass.IsIdentifierStart, BareLabel))
            .Before(Space)
            .RepeatWhile(c => c == '"' || CharClass.IsIdentifierStart(c)),
        Offset.Before(Char('{')).Before(Space),
        new DepthGuardParser<HclBody>(Dispatch(
            "newline, \"}\" or argument definition",
            (c => c is '\n' or '\r', MultiLineBody),
            (c => c == '}', EmptyBody),
            (CharClass.IsIdentifierStart, SingleAttributeBody))).Before(Space))
        .TrackOpener(OpenerKind.Block);

    private static readonly Parser<char, BodyItem> Item = Map(
        (name, tail) => tail.Value is { } value
            ? new BodyItem(Attribute(name, value), null)
            : new BodyItem(null, Block(name, tail)),
        ItemName,
        Dispatch(
            "\"=\" or block label or \"{\"",
            (c => c == '=', AttributeValue.Select(value => new ItemTail(value, null, 0, null))),
            (c => c is '"' or '{' || CharClass.IsIdentifierStart(c), BlockTail)))
        .Before(LineEnd);

    /// <summary>A whole file: a body ended by the end of input.</summary>
    public static readonly Parser<char, HclBody> Document = Map(
        (items, end) => Body(items, 0, end),
        SpaceAndNewlines.Then(Item.Before(SpaceAndNewlines).RepeatWhile(_ => true)),
        Offset.Before(Parser<char>.End.Labelled("argument or block definition")));

    private static HclAttribute Attribute(Spanned<string> name, Spanned<HclExpression> value)
    {
        var session = ParseSession.Current;
        return new HclAttribute(name.Value, session.Range(name.Start, name.End), value.Value, session.Range(name.Start, value.End));
    }

    private static HclBlock Block(Spanned<string> type, ItemTail tail)
    {
        var session = ParseSession.Current;
        var body = tail.Body!;
        return new HclBlock(
            type.Value,
            session.Range(type.Start, type.End),
            StructuralList<HclBlockLabel>.From(tail.Labels!),
            body with { Range = new SourceRange(session.Positions.At(tail.OpenBrace), body.Range.End) },
            new SourceRange(session.Positions.At(type.Start), body.Range.End));
    }

    private static HclBody Body(IReadOnlyList<BodyItem> items, int start, int end)
    {
        var attributes = new List<HclAttribute>();
        var blocks = new List<HclBlock>();
        foreach (var item in items)
        {
            if (item.Attribute is { } attribute)
            {
                attributes.Add(attribute);
            }
            else
            {
                blocks.Add(item.Block!);
            }
        }

        return new HclBody(
            StructuralList<HclAttribute>.From(attributes),
            StructuralList<HclBlock>.From(blocks),
            ParseSession.Current.Range(start, end));
    }
}
