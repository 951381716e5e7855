namespace Unotify.Plugins.Jira;

/// <summary>A transition Jira offers from an issue's current status.</summary>
/// <param name="Id">The id to POST.</param>
/// <param name="Name">The workflow's button label (<c>Start work</c>); may differ from the target.</param>
/// <param name="To">The target status name (<c>In Progress</c>), when Jira gave one.</param>
internal sealed record JiraTransition(string Id, string Name, string? To)
{
    /// <summary>The transition as a user reads it: <c>Start work → In Progress</c>.</summary>
    public override string ToString() => $"{Name} → {To ?? "?"}";
}
