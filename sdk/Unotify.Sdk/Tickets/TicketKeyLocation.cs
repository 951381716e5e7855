namespace Unotify.Sdk;

/// <summary>A ticket key an event names, and where: the source (and origin) of the first of the event's texts that names it.</summary>
/// <param name="Key">The upper-case key, for example <c>SOC-1</c>.</param>
/// <param name="Source">Where it was found (title, branch, commit message, …).</param>
public sealed record TicketKeyLocation(string Key, TextSource Source)
{
    /// <summary>
    /// The <see cref="EventText.Origin"/> of the text the key was found in (<c>commit abc1234</c>), or
    /// <see langword="null"/> when that text has none.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>
    /// Where the key was found in words, as item outcomes and the delivery history show it (<see cref="ItemOutcome.Source"/>):
    /// the <see cref="Origin"/> when there is one (<c>commit abc1234</c>, <c>release range v1.2.0…v1.3.0</c>), else
    /// <c>title</c>, <c>body</c>, <c>branch</c>, <c>commit message</c>, <c>release name</c>, <c>release notes</c> or <c>text</c>.
    /// </summary>
    public string SourceName => Origin ?? Source switch
    {
        TextSource.Title => "title",
        TextSource.Body => "body",
        TextSource.Branch => "branch",
        TextSource.CommitMessage => "commit message",
        TextSource.ReleaseName => "release name",
        TextSource.ReleaseNotes => "release notes",
        _ => "text",
    };
}
