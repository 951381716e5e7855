namespace Unotify.Sdk;

/// <summary>
/// Declares an <see cref="IEventProcessor"/>: the name <c>workers.yaml</c> gives it in <c>processor:</c>, and the keys
/// it reads under a worker's <c>settings:</c>. The host reads both without creating the processor, so a worker that
/// names an unknown processor, or a setting the processor does not know, stops start-up with the file, line and column.
/// </summary>
/// <example>
/// <code>
/// [EventProcessor("slack", Settings = ["webhook_url", "timeout"])]
/// public sealed class SlackNotifierProcessor : IEventProcessor { … }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EventProcessorAttribute : Attribute
{
    /// <summary>Declares the processor's name.</summary>
    /// <param name="name">The name written as <c>processor:</c> in <c>workers.yaml</c>: lower case letters, digits, '.', '_' or '-' (<c>jira</c>).</param>
    public EventProcessorAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name written as <c>processor:</c> in <c>workers.yaml</c> (<c>jira</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The keys the processor reads from the <see cref="ProcessorSettings"/> its constructor is given, as they are
    /// flattened: a list's items count as their key (<c>projects</c> covers <c>projects:0</c>), and a key ending
    /// in <c>:*</c> takes any key below it (<c>headers:*</c> covers <c>headers:Authorization</c>). Any other key in a
    /// worker's <c>settings:</c> is a start-up error that suggests the closest declared one. Empty: no settings.
    /// </summary>
    public string[] Settings { get; set; } = [];

    /// <summary>
    /// Whether the processor honours <see cref="ProcessorContext.Simulate"/>: asked to simulate, it reads what it needs
    /// but changes nothing outside Unotify, and reports what it would do as items (would-move, unchanged, skipped).
    /// The host simulates only processors that declare it; others are reported as unable to simulate.
    /// </summary>
    public bool Simulates { get; set; }
}
