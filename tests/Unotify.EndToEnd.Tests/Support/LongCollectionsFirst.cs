using Xunit.Abstractions;

[assembly: Xunit.TestCollectionOrderer("Unotify.EndToEnd.Tests.Support.LongCollectionsFirst", "Unotify.EndToEnd.Tests")]

namespace Unotify.EndToEnd.Tests.Support;

/// <summary>
/// Starts the collections that take longest on their own first, the rest in xunit's usual order: two cores run two
/// collections at a time, and a long one started last would run on alone at the end.
/// </summary>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Long = [Chaos.OutageCollection.Name, Deployment.ReplayedImageCollection.Name];

    /// <inheritdoc />
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = testCollections.ToList();
        return [.. all.Where(collection => Long.Contains(collection.DisplayName, StringComparer.Ordinal)), .. all.Where(collection => !Long.Contains(collection.DisplayName, StringComparer.Ordinal))];
    }
}
