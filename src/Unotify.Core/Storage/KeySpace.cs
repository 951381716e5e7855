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
    /// <see cref="Worker(string)"/>, as before partitions existed; each other has the hash tag
    /// <see cref="PartitionTag"/> (a worker name holds no ':', so it is never another worker's).
    /// </summary>
    public WorkerKeys Worker(string worker, int partition) =>
        partition == 0 ? Worker(worker) : new($"{Prefix}:{{{PartitionTag(worker, partition)}}}");

    /// <summary>
    /// The hash tag of partition <paramref name="partition"/> (1 or more) of a worker's queue: <c>w:worker:N</c>, or
    /// <c>w:worker:N.K</c> for the first K whose Cluster slot lies near a target. The targets step from the first
    /// partition's slot by the golden ratio of the slot space (a Kronecker sequence), so any number of partitions is
    /// spread evenly over the slots, and so over the nodes of a cluster whose nodes hold equal runs of slots, whatever
    /// the worker's name; hashed names alone put 4 of 6 partitions of one worker on one node of three. The tag depends
    /// on the partition's number only, never on how many there are, so raising or lowering <c>partitions:</c> never
    /// renames one.
    /// </summary>
    public static string PartitionTag(string worker, int partition)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partition, 1);
        var root = $"w:{worker}";
        var number = partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var step = partition * 0.6180339887498949 % 1.0;
        var target = (ClusterSlot(root) + (int)(step * ClusterSlots)) % ClusterSlots;
        for (var attempt = 0; attempt < 1_000_000; attempt++)
        {
            var tag = attempt == 0 ? $"{root}:{number}" : $"{root}:{number}.{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var distance = Math.Abs(ClusterSlot(tag) - target);
            if (Math.Min(distance, ClusterSlots - distance) <= PartitionSlotWindow)
            {
                return tag;
            }
        }

        throw new InvalidOperationException($"No hash tag for partition {partition} of worker {worker} lies near slot {target}.");
    }

    /// <summary>How many hash slots a Redis Cluster has.</summary>
    public const int ClusterSlots = 16384;

    // Within 64 slots of its target (1/256 of the space): about one name in 128 qualifies.
    private const int PartitionSlotWindow = 64;

    /// <summary>
    /// Which of <paramref name="buckets"/> (a power of two) sets <paramref name="key"/> belongs in, where one collection
    /// is spread over several so that none grows large (see <c>History.HistoryIndexLayout</c>): FNV-1a of the key's UTF-8
    /// bytes, so every process and release agrees. Changing it strands what a store already holds.
    /// </summary>
    public static int Bucket(string key, int buckets)
    {
        var hash = 2166136261u;
        foreach (var value in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ value) * 16777619u;
        }

        return (int)(hash & (uint)(buckets - 1));
    }

    /// <summary>The Redis Cluster slot of a hash tag: CRC16 (XMODEM) of its UTF-8 bytes, modulo 16384.</summary>
    public static int ClusterSlot(string tag)
    {
        ushort crc = 0;
        foreach (var value in System.Text.Encoding.UTF8.GetBytes(tag))
        {
            crc ^= (ushort)(value << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % ClusterSlots;
    }

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

    /// <summary>
    /// Sorted set of delivery keys by first arrival (ms): the history's list when it is one set (see
    /// <c>History.HistoryIndexLayout</c>), as every release before the list was spread over buckets wrote it.
    /// </summary>
    public string HistoryIndex => $"{Prefix}:{{hist}}:index";

    /// <summary>Bucket <paramref name="bucket"/> of the history's list spread over <paramref name="buckets"/> sets (one set: <see cref="HistoryIndex"/>).</summary>
    public string HistoryIndexBucket(int buckets, int bucket) =>
        buckets == 1 ? HistoryIndex : $"{Prefix}:{{hist}}:index:{buckets}:{bucket}";

    /// <summary>String: how many buckets the history's list is spread over (absent: one, as earlier releases wrote it).</summary>
    public string HistoryIndexLayout => $"{Prefix}:{{hist}}:index:layout";

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
