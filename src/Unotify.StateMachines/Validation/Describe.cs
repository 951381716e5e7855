namespace Unotify.StateMachines;

/// <summary>Wording shared by the messages of the validator and the engine.</summary>
internal static class Describe
{
    /// <summary><c>line 3, column 5</c>: where an earlier declaration of the same thing is, in the same file.</summary>
    public static string Position(SourceLocation location) => $"line {location.Line}, column {location.Column}";

    /// <summary><c>done, in_progress, to_do</c>, or <c>(none)</c>.</summary>
    public static string List(IEnumerable<string> names)
    {
        var joined = string.Join(", ", names);
        return joined.Length == 0 ? "(none)" : joined;
    }

    /// <summary><c>"Done", "In Progress"</c>: names that may contain spaces, quoted.</summary>
    public static string QuotedList(IEnumerable<string> names) => List(names.Select(name => $"\"{name}\""));
}
