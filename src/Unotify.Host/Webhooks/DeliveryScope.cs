using System.Collections;

namespace Unotify.Host.Webhooks;

/// <summary>The log scope of one delivery: its id, provider and repo id on every line logged while it is handled.</summary>
/// <remarks>A list of three pairs rather than a dictionary: it is built for every request, logged or not.</remarks>
/// <param name="DeliveryId">The delivery id from the provider's header.</param>
/// <param name="Provider">The provider in the URL.</param>
/// <param name="RepoId">The repo id in the URL.</param>
internal sealed record DeliveryScope(string DeliveryId, string Provider, string RepoId) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 3;

    public KeyValuePair<string, object> this[int index] => index switch
    {
        0 => new("DeliveryId", DeliveryId),
        1 => new("Provider", Provider),
        2 => new("RepoId", RepoId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"delivery {DeliveryId} ({Provider}/{RepoId})";
}
