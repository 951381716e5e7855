using System.Text.Json.Serialization;

namespace Unotify.Plugins.Jira;

/// <summary>The body of <c>POST /issue/{key}/transitions</c>: <c>{"transition":{"id":"21"}}</c>.</summary>
/// <param name="Transition">The transition to perform.</param>
internal sealed record TransitionRequest([property: JsonPropertyName("transition")] TransitionReference Transition);
