namespace Unotify.Testing.FakeJira;

/// <summary>
/// Which transitions the fake Jira offers from each status, like a Jira workflow. Built once before the server starts.
/// </summary>
public sealed class FakeJiraWorkflow
{
    private readonly List<(string? FromStatus, FakeJiraTransition Transition)> _transitions = [];

    /// <summary>
    /// To Do → In Progress → In Review → Done, with a shortcut In Progress → Done, a way back from each status, and
    /// button names that differ from the statuses they lead to (as in <c>fixtures/jira/issue.SOC-1.transitions.json</c>).
    /// </summary>
    public static FakeJiraWorkflow Default() => new FakeJiraWorkflow()
        .Add("To Do", "21", "Start work", "In Progress")
        .Add("In Progress", "31", "Send to review", "In Review")
        .Add("In Progress", "41", "Resolve", "Done")
        .Add("In Progress", "11", "Back to backlog", "To Do")
        .Add("In Review", "51", "Approve", "Done")
        .Add("In Review", "61", "Request changes", "In Progress")
        .Add("Done", "71", "Reopen", "To Do");

    /// <summary>Offers a transition from <paramref name="fromStatus"/>, whose screen requires <paramref name="requiredFields"/>.</summary>
    public FakeJiraWorkflow Add(string fromStatus, string id, string name, string toStatus, params string[] requiredFields)
    {
        _transitions.Add((fromStatus, new FakeJiraTransition(id, name, toStatus, requiredFields)));
        return this;
    }

    /// <summary>Offers a transition from every status (a Jira "global" transition).</summary>
    public FakeJiraWorkflow AddGlobal(string id, string name, string toStatus)
    {
        _transitions.Add((null, new FakeJiraTransition(id, name, toStatus, [])));
        return this;
    }

    /// <summary>The transitions offered from <paramref name="status"/>, in the order they were added.</summary>
    public IReadOnlyList<FakeJiraTransition> From(string status) =>
        [.. _transitions.Where(t => t.FromStatus is null || t.FromStatus == status).Select(t => t.Transition)];
}
