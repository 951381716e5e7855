using Pidgin;
using static Pidgin.Parser;
using static Unotify.Hcl.Lexemes;

namespace Unotify.Hcl;

/// <summary>Quoted strings, heredocs, and the <c>${…}</c> and <c>%{…}</c> sequences inside them.</summary>
internal static class Templates
{
    private static Parser<char, Spanned<HclExpression>> InnerExpression => ExpressionGrammar.Bracketed.Expression;

    private static Parser<char, T> InnerTok<T>(Parser<char, T> parser) => parser.Before(SpaceAndNewlines);

    private static readonly Parser<char, TemplateToken> Interpolation = Map(
        (start, stripBefore, expression, stripAfter, end) => new TemplateToken
        {
            Kind = TemplateTokenKind.Interpolation,
            Start = start,
            End = end + 1,
            Expression = expression.Value,
            StripBefore = stripBefore,
            StripAfter = stripAfter,
        },
        Offset.Before(String("${")),
        InnerTok(StripMarker),
        Rec(() => InnerExpression),
        StripMarker,
        Offset.Before(Char('}')));

    /// <summary>What follows <c>%{</c>; the result is a prototype token that <see cref="DirectiveToken"/> places.</summary>
    private static readonly Parser<char, TemplateToken> DirectiveBody = OneOf(
        Map(
            condition => Directive(TemplateTokenKind.If, condition.Value),
            InnerTok(Keyword("if")).Then(Rec(() => InnerExpression))),
        Map(
            (first, second, collection) => second.HasValue
                ? Directive(TemplateTokenKind.For, collection.Value, first.Value, second.Value.Value)
                : Directive(TemplateTokenKind.For, collection.Value, null, first.Value),
            InnerTok(Keyword("for")).Then(InnerTok(Identifier)),
            InnerTok(Char(',')).Then(InnerTok(Identifier)).Optional(),
            InnerTok(Keyword("in")).Then(Rec(() => InnerExpression))),
        InnerTok(Keyword("else")).ThenReturn(Directive(TemplateTokenKind.Else)),
        InnerTok(Keyword("endif")).ThenReturn(Directive(TemplateTokenKind.EndIf)),
        InnerTok(Keyword("endfor")).ThenReturn(Directive(TemplateTokenKind.EndFor)))
        .Named("template directive (if, else, endif, for, endfor)");

    private static readonly Parser<char, TemplateToken> DirectiveToken = Map(
        (start, stripBefore, head, stripAfter, end) => new TemplateToken
        {
            Kind = head.Kind,
            Start = start,
            End = end + 1,
            Expression = head.Expression,
            KeyVariable = head.KeyVariable,
            ValueVariable = head.ValueVariable,
            StripBefore = stripBefore,
            StripAfter = stripAfter,
        },
        Offset.Before(String("%{")),
        InnerTok(StripMarker),
        DirectiveBody,
        StripMarker,
        Offset.Before(Char('}')));

    private static readonly TemplateScanner QuotedScanner = new(Interpolation, DirectiveToken, heredocMarker: null);

    /// <summary><c>"…"</c>, without trailing space.</summary>
    public static readonly Parser<char, Spanned<HclExpression>> Quoted = Map(
        (start, tokens, end) => Template(tokens, start, end, isHeredoc: false, flush: false),
        Offset.Before(Char('"')),
        QuotedScanner,
        Offset);

    /// <summary>A quoted block label: a string with no interpolations or directives.</summary>
    public static readonly Parser<char, HclBlockLabel> QuotedLabel = Map(
        (start, tokens, end) => Label(tokens, start, end),
        Offset.Before(Char('"')),
        QuotedScanner,
        Offset);

    private static readonly Parser<char, (string Marker, bool Flush)> HeredocOpener = Map(
        (flush, marker) => (marker.Value, flush.HasValue),
        Try(String("<<")).Then(Char('-').Optional()),
        Identifier.Before(Newline.Labelled("newline after the heredoc marker")));

    /// <summary><c>&lt;&lt;EOT … EOT</c> or <c>&lt;&lt;-EOT … EOT</c>, without trailing space.</summary>
    public static readonly Parser<char, Spanned<HclExpression>> Heredoc = Map(
        (start, body, end) => Template(body.Tokens, start, end, isHeredoc: true, body.Flush),
        Offset,
        HeredocOpener.Bind(opener =>
            new TemplateScanner(Interpolation, DirectiveToken, opener.Marker).Select(tokens => (Tokens: tokens, opener.Flush))),
        Offset);

    private static TemplateToken Directive(
        TemplateTokenKind kind,
        HclExpression? expression = null,
        string? keyVariable = null,
        string? valueVariable = null) =>
        new()
        {
            Kind = kind,
            Start = 0,
            End = 0,
            Expression = expression,
            KeyVariable = keyVariable,
            ValueVariable = valueVariable,
        };

    private static Spanned<HclExpression> Template(List<TemplateToken> tokens, int start, int end, bool isHeredoc, bool flush)
    {
        var parts = TemplateBuilder.Build(tokens, flush);
        return ExpressionGrammar.Node(start, end, range => new HclTemplateExpression(parts, isHeredoc, range));
    }

    private static HclBlockLabel Label(List<TemplateToken> tokens, int start, int end)
    {
        foreach (var token in tokens)
        {
            if (token.Kind != TemplateTokenKind.Literal)
            {
                throw new HclSyntaxFailure(
                    token.Start,
                    "a plain string",
                    "Invalid block label: template sequences are not allowed in a block label; to include a literal \"$\" or \"%\" before \"{\", double it (\"$${\", \"%%{\").");
            }
        }

        var value = string.Concat(tokens.Select(token => token.Text));
        return new HclBlockLabel(value, IsQuoted: true, ParseSession.Current.Range(start, end));
    }
}
