using System.Text.Json.Serialization;

namespace Unotify.Plugins.Jira;

/// <summary>A reference to a transition by id.</summary>
/// <param name="Id">The transition id.</param>
internal sealed record TransitionReference([property: JsonPropertyName("id")] string Id);
