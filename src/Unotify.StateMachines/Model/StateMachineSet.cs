using System.Collections.Frozen;

namespace Unotify.StateMachines;

/// <summary>The validated state machines of one file, one per provisioner (Jira project).</summary>
/// <remarks>Immutable and safe to share between threads. Only <see cref="StateMachineLoader"/> creates instances.</remarks>
public sealed class StateMachineSet
{
    private readonly FrozenDictionary<string, ProjectStateMachine> _byKey;

    internal StateMachineSet(IReadOnlyList<ProjectStateMachine> machines)
    {
        Machines = machines.ToArray();
        _byKey = machines.ToFrozenDictionary(machine => machine.Key, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A set with no machines, e.g. for a worker that has no state file.</summary>
    public static StateMachineSet Empty { get; } = new([]);

    /// <summary>The machines in file order.</summary>
    public IReadOnlyList<ProjectStateMachine> Machines { get; }

    /// <summary>The lower-case project keys, in file order.</summary>
    public IEnumerable<string> ProjectKeys => Machines.Select(machine => machine.Key);

    /// <summary>The machine of <paramref name="project"/>, compared case-insensitively (<c>SOC</c> finds <c>soc</c>).</summary>
    public bool TryGet(string project, [NotNullWhen(true)] out ProjectStateMachine? machine) =>
        _byKey.TryGetValue(project, out machine);
}
