namespace Unotify.StateMachines;

/// <summary>Reads the parts every block of the dialect has: its labels and its string attributes, reporting what is wrong.</summary>
internal sealed class BlockReader(string file, DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceLocation At(SourcePosition position) => new(file, position.Line, position.Column);

    /// <summary>
    /// Checks a block's labels and reports what its body may not hold. Returns its labels (<see langword="null"/> when
    /// their number is wrong) and how messages name it: <c>state "to_do" "next"</c>, or <c>state block</c>.
    /// </summary>
    public (LocatedText[]? Labels, string Owner) Open(HclBlock block, BlockShape shape)
    {
        var labels = Labels(block, shape);
        var owner = labels is null
            ? $"{shape.Type} block"
            : $"{shape.Type} {string.Join(' ', labels.Select(label => $"\"{label.Value}\""))}";
        RejectUnknown(block.Body, shape, owner);
        return (labels, owner);
    }

    /// <summary>The block's labels when it has exactly as many as <paramref name="shape"/> takes.</summary>
    private LocatedText[]? Labels(HclBlock block, BlockShape shape)
    {
        var expected = shape.LabelNames.Length;
        if (block.Labels.Count == expected)
        {
            return [.. block.Labels.Select(label => new LocatedText(label.Value, At(label.Range.Start)))];
        }

        var takes = string.Join(" and ", shape.LabelNames.Select(name => $"the {name}"));
        var (at, problem) = block.Labels.Count < expected
            ? (block.TypeRange.Start, $"{shape.Type} block is missing a label")
            : (block.Labels[expected].Range.Start, $"{shape.Type} block has {block.Labels.Count} labels");
        Diagnostics.Error(At(at), $"{problem}; it takes {takes}: write {shape.Example}");
        return null;
    }

    /// <summary>Reports attributes and nested blocks that <paramref name="shape"/> does not allow.</summary>
    private void RejectUnknown(HclBody body, BlockShape shape, string owner)
    {
        foreach (var attribute in body.Attributes.Where(a => !shape.Attributes.Contains(a.Name, StringComparer.Ordinal)))
        {
            Diagnostics.Error(
                At(attribute.NameRange.Start),
                $"unknown attribute \"{attribute.Name}\" in {owner}; it takes {shape.Holds()}");
        }

        foreach (var block in body.Blocks.Where(b => !shape.Blocks.Contains(b.Type, StringComparer.Ordinal)))
        {
            Diagnostics.Error(
                At(block.TypeRange.Start),
                $"unknown block \"{block.Type}\" in {owner}; it takes {shape.Holds()}");
        }
    }

    /// <summary>The string value of attribute <paramref name="name"/>; reports it when it is missing or not a string.</summary>
    public LocatedText? RequiredString(HclBody body, string name, string owner, SourceLocation ownerLocation, string example)
    {
        var attribute = body.FindAttribute(name);
        if (attribute is null)
        {
            Diagnostics.Error(ownerLocation, $"{owner} has no {name}; add {example}");
            return null;
        }

        return StringValue(attribute.Value, $"{name} of {owner}", example);
    }

    /// <summary>The value of a constant string expression; reports what it got instead.</summary>
    public LocatedText? StringValue(HclExpression expression, string what, string example)
    {
        if (expression.TryGetString(out var value))
        {
            return new LocatedText(value, At(expression.Range.Start));
        }

        Diagnostics.Error(
            At(expression.Range.Start),
            $"{what} must be a string in quotes, e.g. {example}; got {Shorten(expression.SourceText)}");
        return null;
    }

    /// <summary>
    /// The value of an object made only of literals (strings, numbers, <c>true</c>, <c>false</c>, <c>null</c>, lists
    /// and objects of them) as JSON; reports the first part that is not one (a reference, a call, an interpolation).
    /// </summary>
    public string? LiteralObjectJson(HclExpression expression, string what, string example)
    {
        if (expression is not HclObjectExpression)
        {
            Diagnostics.Error(At(expression.Range.Start), $"{what} must be an object of Jira field names and values, e.g. {example}; got {Shorten(expression.SourceText)}");
            return null;
        }

        if (!expression.TryGetConstant(out _))
        {
            var part = FirstNonLiteral(expression);
            Diagnostics.Error(
                At(part.Range.Start),
                $"{what} must hold only literal values (strings, numbers, true, false, null, lists and objects of them), e.g. {example}; {Shorten(part.SourceText)} is not one");
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            HclJson.WriteExpression(writer, expression);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The innermost part of <paramref name="expression"/> that is not a literal.</summary>
    private static HclExpression FirstNonLiteral(HclExpression expression)
    {
        IEnumerable<HclExpression> children = expression switch
        {
            HclObjectExpression map => map.Items.SelectMany(item => new[] { item.Key, item.Value }),
            HclTupleExpression list => list.Items,
            _ => [],
        };
        var child = children.FirstOrDefault(c => !c.TryGetConstant(out _));
        return child is null ? expression : FirstNonLiteral(child);
    }

    private static string Shorten(string source)
    {
        var oneLine = source.ReplaceLineEndings(" ");
        return oneLine.Length <= 40 ? oneLine : string.Concat(oneLine.AsSpan(0, 40), "…");
    }
}
