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

    public bool Handles(string project) => Projects.Contains(project, StringComparer.OrdinalIgnoreCase);

    public StateMachineStep Next(string project, string currentStatus, string eventName)
    {
        var index = Array.IndexOf(_statuses, currentStatus);
        if (Handles(project) && index > 0 && eventName == "prev")
        {
            return new StateMachineStep.Move(IdOf(currentStatus), IdOf(_statuses[index - 1]), _statuses[index - 1]);
        }

        if (!Handles(project) || index < 0 || eventName != "next")
        {
            return new StateMachineStep.Unavailable($"project {project} has no state for status '{currentStatus}' and event '{eventName}'");
        }

        return index == _statuses.Length - 1
            ? new StateMachineStep.End(IdOf(currentStatus))
            : new StateMachineStep.Move(IdOf(currentStatus), IdOf(_statuses[index + 1]), _statuses[index + 1]);
    }

    private static string IdOf(string status) => status.ToLowerInvariant().Replace(' ', '_');
}
