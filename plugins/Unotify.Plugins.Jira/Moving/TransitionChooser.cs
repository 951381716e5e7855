namespace Unotify.Plugins.Jira;

/// <summary>Picks the transition that leads to a wanted status.</summary>
internal static class TransitionChooser
{
    /// <summary>
    /// The transition whose target (<c>to.name</c>) is exactly <paramref name="targetStatus"/>; failing that, the one
    /// whose button label is; otherwise <see langword="null"/>. Labels are a fallback only, because a workflow's
    /// button names often differ from the statuses they lead to.
    /// </summary>
    public static JiraTransition? Choose(IReadOnlyList<JiraTransition> offered, string targetStatus) =>
        offered.FirstOrDefault(t => string.Equals(t.To, targetStatus, StringComparison.Ordinal))
        ?? offered.FirstOrDefault(t => string.Equals(t.Name, targetStatus, StringComparison.Ordinal));

    /// <summary>The offered transitions as a user reads them: <c>Start work → In Progress, Done → Done</c>.</summary>
    public static string Describe(IReadOnlyList<JiraTransition> offered) =>
        offered.Count == 0 ? "none" : string.Join(", ", offered);
}
