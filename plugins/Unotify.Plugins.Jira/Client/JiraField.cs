namespace Unotify.Plugins.Jira;

/// <summary>A field Jira requires for a transition (from <c>expand=transitions.fields</c>).</summary>
/// <param name="Id">The field id to send under <c>fields</c> (<c>resolution</c>, <c>customfield_10010</c>).</param>
/// <param name="Name">The name Jira's screens show (<c>Resolution</c>).</param>
internal sealed record JiraField(string Id, string Name)
{
    /// <summary>The field as a user reads it: <c>Resolution (resolution)</c>.</summary>
    public override string ToString() => Name == Id ? Id : $"{Name} ({Id})";
}
