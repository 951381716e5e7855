namespace Unotify.Sdk;

/// <summary>A ticket key an event names, and where: the source of the first of the event's texts that names it.</summary>
/// <param name="Key">The upper-case key, for example <c>SOC-1</c>.</param>
/// <param name="Source">Where it was found (title, branch, commit message, …).</param>
public sealed record TicketKeyLocation(string Key, TextSource Source)
{
    /// <summary>
    /// Where the key was found in words, as item outcomes and the delivery history show it (<see cref="ItemOutcome.Source"/>):
    /// <c>title</c>, <c>body</c>, <c>branch</c>, <c>commit message</c>, <c>release name</c>, <c>release notes</c> or <c>text</c>.
    /// </summary>
    public string SourceName => Source switch
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
