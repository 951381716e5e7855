using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>
/// State machines in which every project walks the same statuses in order on <c>next</c> (by default
/// To Do → In Progress → Done → &lt;end&gt;), and back one on <c>prev</c>.
/// </summary>
internal sealed class LinearStateMachines(IReadOnlyCollection<string> projects, params string[] statuses) : IStateMachines
{
    private readonly string[] _statuses = statuses.Length > 0 ? statuses : ["To Do", "In Progress", "Done"];

    public string Event => "next";

    public IReadOnlyCollection<string> Projects { get; } = projects;

    /// <summary>The fields of each status's state (by status name), as a <c>state "…" { fields = … }</c> block gives them.</summary>
    public Dictionary<string, string> FieldsJson { get; } = new(StringComparer.Ordinal);

    public bool Handles(string project) => Projects.Contains(project, StringComparer.OrdinalIgnoreCase);

    public StateMachineStep Next(string project, string currentStatus, string eventName)
    {
        var index = Array.IndexOf(_statuses, currentStatus);
        if (Handles(project) && index > 0 && eventName == "prev")
        {
            return MoveTo(currentStatus, _statuses[index - 1]);
        }

        if (!Handles(project) || index < 0 || eventName != "next")
        {
            return new StateMachineStep.Unavailable($"project {project} has no state for status '{currentStatus}' and event '{eventName}'");
        }

        return index == _statuses.Length - 1
            ? new StateMachineStep.End(IdOf(currentStatus))
            : MoveTo(currentStatus, _statuses[index + 1]);
    }

    private StateMachineStep.Move MoveTo(string from, string to)
    {
        var move = new StateMachineStep.Move(IdOf(from), IdOf(to), to);
        if (!FieldsJson.TryGetValue(to, out var json))
        {
            return move;
        }

        using var document = JsonDocument.Parse(json);
        return move with { Fields = document.RootElement.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.Clone()) };
    }

    private static string IdOf(string status) => status.ToLowerInvariant().Replace(' ', '_');
}
