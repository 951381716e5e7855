using System.Text.Json.Serialization;

namespace Unotify.Plugins.Jira;

/// <summary>Source-generated JSON for what the processor writes: transition requests and cached transition lists.</summary>
[JsonSerializable(typeof(JiraTransition[]))]
[JsonSerializable(typeof(TransitionRequest))]
internal sealed partial class JiraJsonContext : JsonSerializerContext;
