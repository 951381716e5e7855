namespace Unotify.Hcl;

/// <summary>
/// Folds postfix steps onto a term, left to right and without recursion. After <c>.*</c> the following
/// <c>.name</c>/<c>.0</c> steps apply to each element; after <c>[*]</c> every following step does.
/// </summary>
internal static class Traversals
{
    public static Spanned<HclExpression> Apply(Spanned<HclExpression> term, IEnumerable<TraversalStep> steps)
    {
        var current = term;
        Splat? splat = null;
        foreach (var step in steps)
        {
            var isSplat = step.Kind is TraversalStepKind.AttributeSplat or TraversalStepKind.FullSplat;
            var continuesSplat = splat is not null && !isSplat
                && (splat.IsFull || step.Kind is TraversalStepKind.Attribute or TraversalStepKind.LegacyIndex);
            if (continuesSplat)
            {
                splat!.Each = Step(splat.Each, step);
                continue;
            }

            if (splat is not null)
            {
                current = splat.Close();
                splat = null;
            }

            if (isSplat)
            {
                var item = ExpressionGrammar.Node(step.Start, step.End, new HclSplatItemExpression(ExpressionGrammar.Range(step.Start, step.End)));
                splat = new Splat(current, item, step.Kind == TraversalStepKind.FullSplat);
            }
            else
            {
                current = Step(current, step);
            }
        }

        return splat?.Close() ?? current;
    }

    private static Spanned<HclExpression> Step(Spanned<HclExpression> source, TraversalStep step) => step.Kind switch
    {
        TraversalStepKind.Attribute => ExpressionGrammar.Node(source.Start, step.End,
            new HclGetAttributeExpression(source.Value, step.Name!, ExpressionGrammar.Range(source.Start, step.End))),
        TraversalStepKind.LegacyIndex => LegacyIndex(source, step),
        _ => ExpressionGrammar.Node(source.Start, step.End,
            new HclIndexExpression(source.Value, step.Key!, ExpressionGrammar.Range(source.Start, step.End))),
    };

    private static Spanned<HclExpression> LegacyIndex(Spanned<HclExpression> source, TraversalStep step)
    {
        var number = step.Name!;
        if (number.Contains('.', StringComparison.Ordinal) || number.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            var parts = number.Split('.');
            throw new HclSyntaxFailure(
                step.Start + 1,
                "a whole-number index",
                $"Invalid legacy index syntax: chaining two indexes together is not permitted; use the proper index syntax instead, like [{parts[0]}][{(parts.Length > 1 ? parts[1] : "…")}].");
        }

        var keyStart = step.End - number.Length;
        var key = ExpressionGrammar.Node(keyStart, step.End, new HclLiteralExpression(new HclNumberValue(number), ExpressionGrammar.Range(keyStart, step.End)));
        return ExpressionGrammar.Node(source.Start, step.End, new HclIndexExpression(source.Value, key.Value, ExpressionGrammar.Range(source.Start, step.End)));
    }

    private sealed class Splat(Spanned<HclExpression> source, Spanned<HclExpression> item, bool isFull)
    {
        public bool IsFull { get; } = isFull;

        public Spanned<HclExpression> Each { get; set; } = item;

        public Spanned<HclExpression> Close() =>
            ExpressionGrammar.Node(source.Start, Each.End,
                new HclSplatExpression(source.Value, Each.Value, IsFull, ExpressionGrammar.Range(source.Start, Each.End)));
    }
}
