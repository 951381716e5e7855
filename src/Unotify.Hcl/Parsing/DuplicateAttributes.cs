namespace Unotify.Hcl;

/// <summary>Finds the first attribute (in source order) that repeats a name already set in the same body.</summary>
internal static class DuplicateAttributes
{
    public static HclParseError? FindFirst(HclDocument document)
    {
        HclAttribute? first = null;
        HclAttribute? firstOriginal = null;
        var bodies = new Stack<HclBody>();
        bodies.Push(document.Body);
        while (bodies.Count > 0)
        {
            var body = bodies.Pop();
            var seen = new Dictionary<string, HclAttribute>(StringComparer.Ordinal);
            foreach (var attribute in body.Attributes)
            {
                if (!seen.TryAdd(attribute.Name, attribute)
                    && (first is null || attribute.NameRange.Start.Offset < first.NameRange.Start.Offset))
                {
                    first = attribute;
                    firstOriginal = seen[attribute.Name];
                }
            }

            foreach (var block in body.Blocks)
            {
                bodies.Push(block.Body);
            }
        }

        if (first is null)
        {
            return null;
        }

        var original = firstOriginal!.NameRange.Start;
        return new HclParseError(
            document.FileName,
            first.NameRange.Start,
            $"an attribute name other than \"{first.Name}\"",
            $"Attribute redefined: the argument \"{first.Name}\" was already set at {document.FileName}:{original.Line},{original.Column}. Each argument may be set only once.");
    }
}
