using System.Text.Json.Serialization;

namespace Unotify.Plugins.Jira;

/// <summary>Source-generated JSON for what the processor writes: transition requests and cached transition lists.</summary>
[JsonSerializable(typeof(JiraTransition[]))]
[JsonSerializable(typeof(TransitionRequest))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class JiraJsonContext : JsonSerializerContext;
