using Pidgin;
using static Pidgin.Parser;
using static Unotify.Hcl.Lexemes;

namespace Unotify.Hcl;

/// <summary>Quoted strings, heredocs, and the <c>${…}</c> and <c>%{…}</c> sequences inside them.</summary>
internal static class Templates
{
    private static Parser<char, Spanned<HclExpression>> InnerExpression => ExpressionGrammar.Bracketed.Expression;

    private static readonly Parser<char, TemplateToken> Interpolation = Sequence(
        "${",
        Rec(() => InnerExpression).Select(expression => Directive(TemplateTokenKind.Interpolation, expression.Value)),
        "\"}\" ending the interpolation");

    /// <summary>What follows <c>%{</c>; the result is a prototype token that <see cref="DirectiveToken"/> places.</summary>
    private static readonly Parser<char, TemplateToken> DirectiveBody = OneOf(
        Map(
            condition => Directive(TemplateTokenKind.If, condition.Value),
            InBrackets(Keyword("if")).Then(Rec(() => InnerExpression))),
        Map(
            (first, second, collection) => second.HasValue
                ? Directive(TemplateTokenKind.For, collection.Value, first.Value, second.Value.Value)
                : Directive(TemplateTokenKind.For, collection.Value, null, first.Value),
            InBrackets(Keyword("for")).Then(InBrackets(Identifier)),
            InBrackets(Char(',')).Then(InBrackets(Identifier)).Optional(),
            InBrackets(Keyword("in")).Then(Rec(() => InnerExpression))),
        InBrackets(Keyword("else")).ThenReturn(Directive(TemplateTokenKind.Else)),
        InBrackets(Keyword("endif")).ThenReturn(Directive(TemplateTokenKind.EndIf)),
        InBrackets(Keyword("endfor")).ThenReturn(Directive(TemplateTokenKind.EndFor)))
        .Named("template directive (if, else, endif, for, endfor)");

    private static readonly Parser<char, TemplateToken> DirectiveToken = Sequence("%{", DirectiveBody, "\"}\" ending the directive");

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

    /// <summary><c>${ head }</c> or <c>%{ head }</c> with optional <c>~</c> strip markers, placed where it was read.</summary>
    private static Parser<char, TemplateToken> Sequence(string opener, Parser<char, TemplateToken> head, string closerLabel) => Map(
        (start, stripBefore, prototype, stripAfter, end) => new TemplateToken
        {
            Kind = prototype.Kind,
            Start = start,
            End = end + 1,
            Expression = prototype.Expression,
            KeyVariable = prototype.KeyVariable,
            ValueVariable = prototype.ValueVariable,
            StripBefore = stripBefore,
            StripAfter = stripAfter,
        },
        Offset.Before(String(opener)),
        InBrackets(StripMarker),
        head,
        StripMarker,
        Offset.Before(Char('}').Labelled(closerLabel)));

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
        return ExpressionGrammar.Node(start, end, new HclTemplateExpression(parts, isHeredoc, ParseSession.Current.Range(start, end)));
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
