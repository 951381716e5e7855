namespace Unotify.Sdk;

/// <summary>
/// What a processor did with one item of an event (a ticket, a message): kept with the job's result so that anyone can
/// tell, item by item, what happened and why.
/// </summary>
/// <param name="Subject">The item, for example <c>SOC-1</c>.</param>
/// <param name="Kind">What became of it.</param>
/// <param name="Detail">One line saying why, for example <c>To Do → In Progress</c> or Jira's reason for refusing.</param>
public sealed record ItemOutcome(string Subject, ItemOutcomeKind Kind, string Detail)
{
    /// <summary>Where the item stood before (a ticket's status), when that is known.</summary>
    public string? From { get; init; }

    /// <summary>Where it went, or where it would have gone (<see cref="ItemOutcomeKind.WouldMove"/>), when that applies.</summary>
    public string? To { get; init; }

    /// <summary>Where in the event the item was found (<c>title</c>, <c>branch</c>, <c>commit message</c>), when that is known.</summary>
    public string? Source { get; init; }
}
