namespace Unotify.Sdk;

/// <summary>A piece of free text from a delivery that may name tickets, tagged with where it came from.</summary>
/// <param name="Source">Where the text came from.</param>
/// <param name="Text">The text itself, never <see langword="null"/> (absent texts are left out).</param>
public sealed record EventText(TextSource Source, string Text)
{
    /// <summary>
    /// Where exactly the text came from, in words, when that says more than <see cref="Source"/>: <c>commit abc1234</c>
    /// for one commit's message, <c>release range v1.2.0…v1.3.0</c> for a commit a release ships. <see langword="null"/>
    /// when <see cref="Source"/> says it all (the payload's own texts). Item outcomes show it as their source
    /// (<see cref="TicketKeyLocation.SourceName"/>).
    /// </summary>
    public string? Origin { get; init; }
}
