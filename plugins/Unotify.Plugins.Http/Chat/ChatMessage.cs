namespace Unotify.Plugins.Http;

/// <summary>What a chat notifier says about one event.</summary>
/// <param name="Text">The message, from the worker's template or the default for the event's kind.</param>
/// <param name="Title">What the event is about (the pull request's or release's title), when it has one.</param>
/// <param name="Url">A link to it, when the event has one.</param>
internal sealed record ChatMessage(string Text, string? Title, string? Url);
