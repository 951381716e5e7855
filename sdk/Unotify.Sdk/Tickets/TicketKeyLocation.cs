namespace Unotify.Sdk;

/// <summary>A ticket key an event names, and where: the source of the first of the event's texts that names it.</summary>
/// <param name="Key">The upper-case key, for example <c>SOC-1</c>.</param>
/// <param name="Source">Where it was found (title, branch, commit message, …).</param>
public sealed record TicketKeyLocation(string Key, TextSource Source);
