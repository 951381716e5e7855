namespace Unotify.StateMachines;

/// <summary>
/// What one kind of block of the dialect looks like: its labels, attributes and nested blocks, and how to write it,
/// so structural errors can say what would be right.
/// </summary>
internal sealed record BlockShape(string Type, string[] LabelNames, string[] Attributes, string[] Blocks, string Example)
{
    public static BlockShape Provisioner { get; } =
        new("provisioner", ["project key"], [], ["aliasmapper", "statemachine"], "provisioner \"<project key>\" { … }");

    public static BlockShape AliasMapper { get; } =
        new("aliasmapper", ["project key"], ["aliases"], [], "aliasmapper \"<project key>\" { aliases = { <state>: \"<Jira status>\", … } }");

    public static BlockShape StateMachine { get; } =
        new("statemachine", ["project key"], ["initial"], ["state"], "statemachine \"<project key>\" { initial = \"<state>\" … }");

    public static BlockShape State { get; } =
        new("state", ["state", "event"], ["transition"], [], "state \"<state>\" \"<event>\" { transition = \"<state or <end>>\" }");

    /// <summary>A state block with the state's name only: the fields Jira needs for entering the state.</summary>
    public static BlockShape StateFields { get; } =
        new("state", ["state"], ["fields"], [], "state \"<state>\" { fields = { resolution = { name = \"Done\" } } }");

    /// <summary><c>only aliases</c>, <c>initial and state blocks</c>: what a body of this shape may hold.</summary>
    public string Holds()
    {
        var parts = Attributes.Select(a => a).Concat(Blocks.Select(b => $"{b} blocks")).ToArray();
        return parts.Length switch
        {
            0 => "nothing",
            1 => $"only {parts[0]}",
            _ => $"{string.Join(", ", parts[..^1])} and {parts[^1]}",
        };
    }
}
