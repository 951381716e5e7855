namespace Unotify.Core.Storage;

/// <summary>
/// The Redis key names. Every key of one worker shares the hash tag <c>{w:worker}</c>, so each worker's Lua scripts
/// touch a single Cluster slot; the hub's own keys share <c>{hub}</c>.
/// </summary>
internal sealed class KeySpace(string prefix)
{
    public string Prefix { get; } = prefix;

    public string Hooks => $"{Prefix}:{{hooks}}:all";

    /// <summary>Pub/sub channel announcing a changed hook (the message is its field, <c>provider:repoId</c>), so caches drop it.</summary>
    public string HooksChanged => $"{Prefix}:{{hooks}}:changed";

    public WorkerKeys Worker(string worker) => new($"{Prefix}:{{w:{worker}}}");

    /// <summary>
    /// The keys of partition <paramref name="partition"/> of a worker's queue: the first (0) is the worker's own
    /// <see cref="Worker(string)"/>, as before partitions existed; each other has the hash tag <c>{w:worker:N}</c> (a worker
    /// name holds no ':', so it is never another worker's).
    /// </summary>
    public WorkerKeys Worker(string worker, int partition) =>
        partition == 0 ? Worker(worker) : new($"{Prefix}:{{w:{worker}:{partition.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");

    /// <summary>The hub's record of a delivery no worker took, so that a repeat is still reported as a duplicate.</summary>
    public string HubSeen(string provider, string repoId, string deliveryId) => $"{Prefix}:{{hub}}:seen:{DeliveryKey(provider, repoId, deliveryId)}";

    /// <summary>A delivery's history record (hash) and its attempts (list) share the hash tag of the delivery.</summary>
    public string HistoryRecord(string deliveryKey) => $"{Prefix}:{{h:{deliveryKey}}}:d";

    /// <summary>The list of a delivery's attempts, as JSON, in order.</summary>
    public string HistoryAttempts(string deliveryKey) => $"{Prefix}:{{h:{deliveryKey}}}:a";

    /// <summary>A delivery's event in the stored-job form, kept after its jobs ended so that it can be replayed.</summary>
    public string HistoryPayload(string deliveryKey) => $"{Prefix}:{{h:{deliveryKey}}}:p";

    /// <summary>
    /// Prefix of the parts (numbered from 1) of a kept event whose payload is stored in parts (see
    /// <c>Queue.JobJson.PartBytes</c>): beside <paramref name="payloadKey"/>, in its hash slot, with its expiry.
    /// </summary>
    public static string HistoryPayloadPartPrefix(string payloadKey) => payloadKey + ":";

    /// <summary>Sorted set of delivery keys by first arrival (ms): the history's list.</summary>
    public string HistoryIndex => $"{Prefix}:{{hist}}:index";

    /// <summary>Sorted set of the delivery keys with one delivery id (usually one), by first arrival.</summary>
    public string HistoryById(string deliveryId) => $"{Prefix}:{{hist}}:id:{deliveryId}";

    /// <summary>Sorted set of the delivery keys whose attempts named a ticket, by when they did.</summary>
    public string HistoryTicket(string key) => $"{Prefix}:{{hist}}:t:{key}";

    /// <summary>
    /// Provider names contain no ':'; the repo id's length makes the split between repo and delivery id unambiguous even
    /// when they contain ':'.
    /// </summary>
    public static string DeliveryKey(string provider, string repoId, string deliveryId) =>
        $"{provider}:{repoId.Length}:{repoId}:{deliveryId}";

    /// <summary>Splits a <see cref="DeliveryKey"/>, or <see langword="null"/> when it is not one.</summary>
    public static (string Provider, string RepoId, string DeliveryId)? ParseDeliveryKey(string key)
    {
        var first = key.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf(':', first + 1);
        if (second < 0 || !int.TryParse(key.AsSpan(first + 1, second - first - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || second + 1 + length >= key.Length || key[second + 1 + length] != ':')
        {
            return null;
        }

        return (key[..first], key.Substring(second + 1, length), key[(second + 2 + length)..]);
    }
}
