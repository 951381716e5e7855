namespace Unotify.Plugins.Jira;

/// <summary>A transition Jira offers from an issue's current status.</summary>
/// <param name="Id">The id to POST.</param>
/// <param name="Name">The workflow's button label (<c>Start work</c>); may differ from the target.</param>
/// <param name="To">The target status name (<c>In Progress</c>), when Jira gave one.</param>
/// <param name="RequiredFields">The fields Jira requires and has no default for; <see langword="null"/> when unknown (a list cached before fields were read).</param>
internal sealed record JiraTransition(string Id, string Name, string? To, JiraField[]? RequiredFields = null)
{
    /// <summary>The required fields that <paramref name="given"/> does not hold.</summary>
    public IReadOnlyList<JiraField> Missing(IReadOnlyDictionary<string, System.Text.Json.JsonElement> given) =>
        RequiredFields is null ? [] : [.. RequiredFields.Where(field => !given.ContainsKey(field.Id))];

    /// <summary>The transition as a user reads it: <c>Start work → In Progress</c>.</summary>
    public override string ToString() => $"{Name} → {To ?? "?"}";
}
