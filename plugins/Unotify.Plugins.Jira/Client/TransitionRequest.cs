using System.Text.Json.Serialization;

namespace Unotify.Plugins.Jira;

/// <summary>The body of <c>POST /issue/{key}/transitions</c>: <c>{"transition":{"id":"21"}}</c>, with <c>"fields"</c> when the target state has some.</summary>
/// <param name="Transition">The transition to perform.</param>
/// <param name="Fields">The fields to set on the way (<c>{"resolution":{"name":"Done"}}</c>), or <see langword="null"/> for none.</param>
internal sealed record TransitionRequest(
    [property: JsonPropertyName("transition")] TransitionReference Transition,
    [property: JsonPropertyName("fields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Fields = null);
