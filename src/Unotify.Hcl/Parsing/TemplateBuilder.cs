using System.Text;

namespace Unotify.Hcl;

/// <summary>
/// Turns flat template tokens into template parts the way hclsyntax does: apply <c>~</c> strip markers, remove a
/// flush heredoc's common indentation, join neighbouring literals, then nest <c>%{if}</c>/<c>%{for}</c> bodies
/// (with an explicit stack, so nesting costs no recursion).
/// </summary>
internal static class TemplateBuilder
{
    public static IReadOnlyList<HclTemplatePart> Build(List<TemplateToken> tokens, bool flushHeredoc)
    {
        if (tokens.Count == 0)
        {
            return StructuralList<HclTemplatePart>.Empty;
        }

        if (tokens is [{ Kind: TemplateTokenKind.Literal } only] && !flushHeredoc)
        {
            // The common case, a plain string: nothing to strip, indent or nest.
            return only.Text.Length == 0
                ? StructuralList<HclTemplatePart>.Empty
                : new StructuralList<HclTemplatePart>([new HclTemplateLiteral(Nfc(only.Text), ParseSession.Current.Range(only.Start, only.End))]);
        }

        ApplyStripMarkers(tokens);
        if (flushHeredoc)
        {
            RemoveCommonIndentation(tokens);
        }

        return Nest(tokens);
    }

    /// <summary>
    /// The text in Unicode normalization form C, as hclsyntax gives string literals: <c>"an\u0303o"</c> reads as
    /// <c>"año"</c>, so a status name typed either way matches the one Jira returns.
    /// </summary>
    private static string Nfc(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    private static void ApplyStripMarkers(List<TemplateToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StripBefore && i > 0 && tokens[i - 1].Kind == TemplateTokenKind.Literal)
            {
                tokens[i - 1].Text = tokens[i - 1].Text.TrimEnd();
            }

            if (token.StripAfter && i + 1 < tokens.Count && tokens[i + 1].Kind == TemplateTokenKind.Literal)
            {
                tokens[i + 1].Text = tokens[i + 1].Text.TrimStart();
            }
        }
    }

    /// <summary>
    /// Every line starting with a literal counts its leading white space; a line starting with anything else
    /// counts zero; blank lines don't count. That many characters are then removed from each counted line.
    /// </summary>
    private static void RemoveCommonIndentation(List<TemplateToken> tokens)
    {
        var least = int.MaxValue;
        var atLineStart = true;
        var adjust = new List<TemplateToken>();
        foreach (var token in tokens)
        {
            if (atLineStart)
            {
                atLineStart = false;
                if (token.Kind == TemplateTokenKind.Literal)
                {
                    var spaces = token.Text.Length - token.Text.TrimStart().Length;
                    if (spaces == token.Text.Length && token.Text.EndsWith('\n'))
                    {
                        spaces = int.MaxValue; // a blank line
                    }
                    else
                    {
                        adjust.Add(token);
                    }

                    least = Math.Min(least, spaces);
                }
                else
                {
                    least = 0;
                }
            }

            if (token.Kind == TemplateTokenKind.Literal && token.Text.EndsWith('\n'))
            {
                atLineStart = true;
            }
        }

        if (least is 0 or int.MaxValue)
        {
            return;
        }

        foreach (var token in adjust)
        {
            token.Text = token.Text[Math.Min(least, token.Text.Length)..];
        }
    }

    private static IReadOnlyList<HclTemplatePart> Nest(List<TemplateToken> tokens)
    {
        var session = ParseSession.Current;
        var frames = new Stack<Frame>();
        var current = new Frame(null);
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TemplateTokenKind.Literal:
                    current.AddLiteral(token);
                    break;
                case TemplateTokenKind.Interpolation:
                    current.Add(new HclTemplateInterpolation(
                        token.Expression!, token.StripBefore, token.StripAfter, session.Range(token.Start, token.End)));
                    break;
                case TemplateTokenKind.If:
                case TemplateTokenKind.For:
                    frames.Push(current);
                    current = new Frame(token);
                    break;
                case TemplateTokenKind.Else:
                    if (current.Opener?.Kind != TemplateTokenKind.If || current.ThenParts is not null)
                    {
                        throw Unexpected(token, "else", current);
                    }

                    current.ThenParts = current.TakeParts();
                    break;
                case TemplateTokenKind.EndIf:
                case TemplateTokenKind.EndFor:
                    var opens = token.Kind == TemplateTokenKind.EndIf ? TemplateTokenKind.If : TemplateTokenKind.For;
                    if (current.Opener?.Kind != opens)
                    {
                        throw Unexpected(token, token.Kind == TemplateTokenKind.EndIf ? "endif" : "endfor", current);
                    }

                    var finished = current.Finish(session, token.End);
                    current = frames.Pop();
                    current.Add(finished);
                    break;
            }
        }

        if (current.Opener is { } open)
        {
            var word = open.Kind == TemplateTokenKind.If ? "if" : "for";
            var closer = open.Kind == TemplateTokenKind.If ? "endif" : "endfor";
            throw new HclSyntaxFailure(
                open.Start,
                $"%{{ {closer} }}",
                $"Unterminated template {word} directive: this %{{ {word} }} has no matching %{{ {closer} }}.");
        }

        return current.TakeParts();
    }

    private static HclSyntaxFailure Unexpected(TemplateToken token, string word, Frame current)
    {
        var expected = current.Opener?.Kind switch
        {
            TemplateTokenKind.If => "%{ endif }",
            TemplateTokenKind.For => "%{ endfor }",
            _ => "template text, ${ … } or %{ if }/%{ for }",
        };
        return new HclSyntaxFailure(
            token.Start,
            expected,
            $"Unexpected {word} directive: there is no open %{{ {(word == "endfor" ? "for" : "if")} }} for this %{{ {word} }} to close.");
    }

    private sealed class Frame(TemplateToken? opener)
    {
        private StringBuilder? _pendingText;
        private int _pendingStart;
        private int _pendingEnd;

        public TemplateToken? Opener { get; } = opener;

        public List<HclTemplatePart> Parts { get; private set; } = [];

        public IReadOnlyList<HclTemplatePart>? ThenParts { get; set; }

        public void Add(HclTemplatePart part)
        {
            FlushLiteral();
            Parts.Add(part);
        }

        public void AddLiteral(TemplateToken token)
        {
            if (_pendingText is null)
            {
                _pendingText = new StringBuilder();
                _pendingStart = token.Start;
            }

            _pendingText.Append(token.Text);
            _pendingEnd = token.End;
        }

        public IReadOnlyList<HclTemplatePart> TakeParts()
        {
            FlushLiteral();
            var parts = StructuralList<HclTemplatePart>.From(Parts);
            Parts = [];
            return parts;
        }

        public HclTemplatePart Finish(ParseSession session, int end)
        {
            var opener = Opener!;
            var range = session.Range(opener.Start, end);
            if (opener.Kind == TemplateTokenKind.If)
            {
                var last = TakeParts();
                return ThenParts is null
                    ? new HclTemplateIf(opener.Expression!, last, StructuralList<HclTemplatePart>.Empty, range)
                    : new HclTemplateIf(opener.Expression!, ThenParts, last, range);
            }

            return new HclTemplateFor(opener.KeyVariable, opener.ValueVariable!, opener.Expression!, TakeParts(), range);
        }

        private void FlushLiteral()
        {
            if (_pendingText is null)
            {
                return;
            }

            if (_pendingText.Length > 0)
            {
                var session = ParseSession.Current;
                Parts.Add(new HclTemplateLiteral(Nfc(_pendingText.ToString()), session.Range(_pendingStart, _pendingEnd)));
            }

            _pendingText = null;
        }
    }
}
