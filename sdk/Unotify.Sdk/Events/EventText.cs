namespace Unotify.Sdk;

/// <summary>A piece of free text from a delivery that may name tickets, tagged with where it came from.</summary>
/// <param name="Source">Where the text came from.</param>
/// <param name="Text">The text itself, never <see langword="null"/> (absent texts are left out).</param>
public sealed record EventText(TextSource Source, string Text);
