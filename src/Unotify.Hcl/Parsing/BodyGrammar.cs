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

    private static readonly Parser<char, Func<Spanned<string>, HclAttribute>> AttributeRest = Map(
        value => new Func<Spanned<string>, HclAttribute>(name => Attribute(name, value)),
        Char('=').Before(Space).Then(Rec(() => Value)));

    private static readonly Parser<char, HclBlockLabel> BareLabel = Identifier.Select(label =>
        new HclBlockLabel(label.Value, IsQuoted: false, ParseSession.Current.Range(label.Start, label.End)));

    private static readonly Parser<char, HclBody> SingleAttributeBody = Map(
        (start, name, rest, end) => Body([new BodyItem(rest(name), null)], start, end + 1),
        Offset,
        Identifier.Labelled("argument definition").Before(Space),
        AttributeRest,
        Offset.Before(Char('}')));

    private static readonly Parser<char, HclBody> MultiLineBody = Map(
        (start, items, end) => Body(items, start, end + 1),
        Offset.Before(Newline).Before(SpaceAndNewlines),
        Rec(() => Item!).Before(SpaceAndNewlines).RepeatWhile(c => c != '}'),
        Offset.Before(Char('}')));

    private static readonly Parser<char, HclBody> EmptyBody = Offset.Before(Char('}')).Select(end =>
        Body([], end, end + 1));

    private static readonly Parser<char, Func<Spanned<string>, HclBlock>> BlockRest = Map(
        (labels, open, body) => new Func<Spanned<string>, HclBlock>(type =>
        {
            var session = ParseSession.Current;
            var range = session.Range(type.Start, session.CharOffsetOf(body.Range.End));
            var bodyRange = new SourceRange(session.Positions.At(open), body.Range.End);
            return new HclBlock(
                type.Value,
                session.Range(type.Start, type.End),
                StructuralList<HclBlockLabel>.From(labels),
                body with { Range = bodyRange },
                range);
        }),
        Dispatch("block label", (c => c == '"', Templates.QuotedLabel), (CharClass.IsIdentifierStart, BareLabel))
            .Before(Space)
            .RepeatWhile(c => c == '"' || CharClass.IsIdentifierStart(c)),
        Offset.Before(Char('{')).Before(Space),
        new DepthGuardParser<HclBody>(Dispatch(
            "newline, \"}\" or argument definition",
            (c => c is '\n' or '\r', MultiLineBody),
            (c => c == '}', EmptyBody),
            (CharClass.IsIdentifierStart, SingleAttributeBody))).Before(Space));

    private static readonly Parser<char, BodyItem> Item = Map(
        (name, item) => item(name),
        ItemName,
        Dispatch(
            "\"=\" or block label or \"{\"",
            (c => c == '=', AttributeRest.Select(rest => new Func<Spanned<string>, BodyItem>(name => new BodyItem(rest(name), null)))),
            (c => c is '"' or '{' || CharClass.IsIdentifierStart(c), BlockRest.Select(rest => new Func<Spanned<string>, BodyItem>(name => new BodyItem(null, rest(name)))))))
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

    private static HclBody Body(IEnumerable<BodyItem> items, int start, int end)
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
