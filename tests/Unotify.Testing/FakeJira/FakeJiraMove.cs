namespace Unotify.Testing.FakeJira;

/// <summary>A transition the fake Jira applied to an issue.</summary>
/// <param name="Key">The issue key.</param>
/// <param name="FromStatus">The status before.</param>
/// <param name="ToStatus">The status after.</param>
/// <param name="TransitionId">The transition's id.</param>
/// <param name="At">When it was applied.</param>
public sealed record FakeJiraMove(string Key, string FromStatus, string ToStatus, string TransitionId, DateTimeOffset At);
