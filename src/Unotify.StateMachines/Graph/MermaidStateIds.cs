using System.Text;

namespace Unotify.StateMachines;

/// <summary>
/// Mermaid ids for the states of one machine: the project key and state id with anything but letters, digits and
/// <c>_</c> replaced, made unique with a numeric suffix (ids are global across a Mermaid diagram).
/// </summary>
internal sealed class MermaidStateIds
{
    private readonly Dictionary<string, string> _byState = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used;

    public MermaidStateIds(ProjectStateMachine machine, HashSet<string> used)
    {
        _used = used;
        Machine = Unique(Sanitize(machine.Key));
        foreach (var state in machine.States)
        {
            _byState[state] = Unique($"{Machine}_{Sanitize(state)}");
        }
    }

    /// <summary>The id of the composite state that holds the machine.</summary>
    public string Machine { get; }

    public string this[string stateId] => _byState[stateId];

    private static string Sanitize(string name)
    {
        var id = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return id.Length == 0 || char.IsAsciiDigit(id[0]) ? $"s_{id}" : id.ToString();
    }

    private string Unique(string id)
    {
        var candidate = id;
        for (var suffix = 2; !_used.Add(candidate); suffix++)
        {
            candidate = $"{id}_{suffix}";
        }

        return candidate;
    }
}
