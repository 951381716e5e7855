using Pidgin;
using static Pidgin.Parser;
using static Unotify.Hcl.Lexemes;

namespace Unotify.Hcl;

/// <summary>Function call arguments: <c>(a, b, rest...)</c>, newlines allowed, trailing comma allowed.</summary>
internal static class Functions
{
    /// <summary>What is expected after <c>...</c>; error reporting recognises it by this text.</summary>
    public const string ClosingAfterExpansion = "\")\" right after the expanded argument";

    /// <summary>After an argument: <c>...</c> (only before the closing parenthesis), a comma, or the closing parenthesis.</summary>
    private static readonly Parser<char, bool> ArgumentEnd = Dispatch(
        "\")\" or \",\" or \"...\"",
        (c => c == '.', Ellipsis.Before(SpaceAndNewlines).Before(Lookahead(Char(')')).Labelled(ClosingAfterExpansion)).ThenReturn(true)),
        (c => c == ',', Char(',').Before(SpaceAndNewlines).ThenReturn(false)),
        (c => c == ')', Nothing.ThenReturn(false)));

    public static readonly Parser<char, CallArguments> Arguments = Map(
        (arguments, end) => new CallArguments(
            StructuralList<HclExpression>.From([.. arguments.Select(argument => argument.Expression)]),
            arguments.LastOrDefault().Expand,
            end + 1),
        Char('(').Before(SpaceAndNewlines).Then(
            Map((argument, expand) => (Expression: argument.Value, Expand: expand), Rec(() => ExpressionGrammar.Bracketed.Expression), ArgumentEnd).RepeatUntil(')')),
        Offset.Before(Char(')')));

    public static Spanned<HclExpression> Call(Spanned<string> name, CallArguments call) =>
        ExpressionGrammar.Node(name.Start, call.End,
            new HclFunctionCallExpression(name.Value, call.Arguments, call.ExpandFinal, ExpressionGrammar.Range(name.Start, call.End)));
}
