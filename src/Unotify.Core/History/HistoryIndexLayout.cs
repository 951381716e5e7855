using System.Globalization;
using Unotify.Core.Storage;

namespace Unotify.Core.History;

/// <summary>
/// How the history's list is spread over sorted sets: each delivery key is listed in one of <see cref="Buckets"/> sets,
/// chosen by a hash of the key, and each set holds at most <see cref="EntriesPerBucket"/> of the newest, so that no one
/// set grows past about a thousand entries (40 KB).
/// </summary>
/// <remarks>
/// Why: the embedded Garnet 2.2.12 writes a sorted set whole into its object log, and its compaction at a checkpoint
/// stopped finishing, for good, once a set of tens of thousands of entries lay across a segment boundary (the history's
/// 100,000 entries are ~4 MB); sets of a thousand never stopped it (bench/README.md, "One large object stalls Garnet's
/// compaction"). One bucket keeps the single key of earlier releases, so a history of up to 1,999 entries is laid out as
/// before. The buckets share the <c>{hist}</c> hash tag, so one script reads them all on a Redis Cluster.
/// </remarks>
/// <param name="Buckets">How many sets: a power of two from 1 to <see cref="MostBuckets"/>.</param>
/// <param name="EntriesPerBucket">The most entries one set keeps: the history's most entries shared out, rounded up.</param>
internal sealed record HistoryIndexLayout(int Buckets, int EntriesPerBucket)
{
    /// <summary>The size of set the layout aims for (entries): sets of this size never stalled Garnet's compaction.</summary>
    public const int TargetEntriesPerBucket = 1_000;

    /// <summary>
    /// The most sets: a listing merges a page from every one in one script. A history of more than
    /// <see cref="MostBuckets"/> × <see cref="TargetEntriesPerBucket"/> entries has larger sets.
    /// </summary>
    public const int MostBuckets = 128;

    /// <summary>The layout for a history that lists at most <paramref name="maxEntries"/> deliveries.</summary>
    /// <param name="maxEntries">The history's most entries (<see cref="HistoryOptions.MaxEntries"/>), at least 1.</param>
    /// <returns>The largest power of two of buckets that keeps each at <see cref="TargetEntriesPerBucket"/> or more, at most <see cref="MostBuckets"/>.</returns>
    public static HistoryIndexLayout For(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var buckets = 1;
        while (buckets < MostBuckets && maxEntries / (buckets * 2) >= TargetEntriesPerBucket)
        {
            buckets *= 2;
        }

        return new HistoryIndexLayout(buckets, (maxEntries + buckets - 1) / buckets);
    }

    /// <summary>Reads the layout a store records (<see cref="KeySpace.HistoryIndexLayout"/>), which is its bucket count.</summary>
    /// <param name="recorded">The recorded text, or <see langword="null"/> when nothing is recorded (a store written by an earlier release: one set).</param>
    /// <param name="buckets">The bucket count.</param>
    /// <returns><see langword="false"/> when the text is not a power of two from 1 to <see cref="MostBuckets"/>.</returns>
    public static bool TryReadBuckets(string? recorded, out int buckets)
    {
        buckets = 1;
        if (recorded is null)
        {
            return true;
        }

        return int.TryParse(recorded, NumberStyles.None, CultureInfo.InvariantCulture, out buckets)
            && buckets is >= 1 and <= MostBuckets
            && int.IsPow2(buckets);
    }

    /// <summary>The bucket of <paramref name="deliveryKey"/> (<see cref="KeySpace.Bucket"/>, so every process and release agrees).</summary>
    /// <param name="deliveryKey">A delivery key (<see cref="KeySpace.DeliveryKey"/>).</param>
    /// <returns>A number from 0 to <see cref="Buckets"/> − 1.</returns>
    public int BucketOf(string deliveryKey) => KeySpace.Bucket(deliveryKey, Buckets);

    /// <summary>The key of the set that lists <paramref name="deliveryKey"/>.</summary>
    public string KeyOf(KeySpace keys, string deliveryKey) => keys.HistoryIndexBucket(Buckets, BucketOf(deliveryKey));

    /// <summary>The keys of every set, in bucket order.</summary>
    public static string[] KeysOf(KeySpace keys, int buckets) =>
        Enumerable.Range(0, buckets).Select(bucket => keys.HistoryIndexBucket(buckets, bucket)).ToArray();
}
