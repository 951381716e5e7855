namespace Unotify.Testing.FakeJira;

/// <summary>A transition of the fake Jira's workflow.</summary>
/// <param name="Id">The id a client POSTs.</param>
/// <param name="Name">The button label, which may differ from the target (<c>Start work</c>).</param>
/// <param name="ToStatus">The status the issue moves to (<c>In Progress</c>).</param>
/// <param name="RequiredFields">The ids of the fields its screen requires (<c>resolution</c>); a POST without them is answered 400.</param>
public sealed record FakeJiraTransition(string Id, string Name, string ToStatus, IReadOnlyList<string> RequiredFields);
