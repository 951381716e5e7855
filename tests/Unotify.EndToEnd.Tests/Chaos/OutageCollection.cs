namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// The outage tests run one at a time, but beside the other tests of the assembly (not after them, like
/// <see cref="ChaosCollection"/>): they spend their time waiting for Jira's outage to pass, and what they count (calls
/// while the circuit is open, openings, calls per second under the rate limit) can only go down on a busy machine.
/// Started first (<see cref="Support.LongCollectionsFirst"/>), so the waiting overlaps the others' work.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OutageCollection
{
    public const string Name = "Outages";
}
