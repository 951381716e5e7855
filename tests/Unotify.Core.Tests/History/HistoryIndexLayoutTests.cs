using Unotify.Core.History;
using Unotify.Core.Storage;

namespace Unotify.Core.Tests.History;

public sealed class HistoryIndexLayoutTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1_000, 1, 1_000)]
    [InlineData(1_999, 1, 1_999)]
    [InlineData(2_000, 2, 1_000)]
    [InlineData(8_000, 8, 1_000)]
    [InlineData(100_000, 64, 1_563)]
    [InlineData(128_000, 128, 1_000)]
    [InlineData(10_000_000, 128, 78_125)]
    public void Buckets_are_the_largest_power_of_two_that_leaves_each_a_thousand_entries_or_more(int maxEntries, int buckets, int perBucket)
    {
        var layout = HistoryIndexLayout.For(maxEntries);

        (layout.Buckets, layout.EntriesPerBucket).Should().Be((buckets, perBucket));
        (layout.Buckets * layout.EntriesPerBucket).Should().BeInRange(maxEntries, maxEntries + buckets - 1);
    }

    [Theory]
    [InlineData("github:2:42:d1", 91)]
    [InlineData("github:2:42:d2", 110)]
    [InlineData("gitlab:3:100:ü", 121)]
    public void A_delivery_lands_in_the_same_bucket_in_every_process_and_release(string deliveryKey, int bucketOf128)
    {
        // FNV-1a of the key's UTF-8 bytes, pinned: a change here would strand the entries a store already holds.
        KeySpace.Bucket(deliveryKey, 128).Should().Be(bucketOf128);
        KeySpace.Bucket(deliveryKey, 64).Should().Be(bucketOf128 % 64, "fewer buckets take the lower bits of the same hash");
        KeySpace.Bucket(deliveryKey, 1).Should().Be(0);
    }

    [Theory]
    [InlineData(null, true, 1)]
    [InlineData("1", true, 1)]
    [InlineData("64", true, 64)]
    [InlineData("128", true, 128)]
    [InlineData("3", false, 0)]
    [InlineData("256", false, 0)]
    [InlineData("0", false, 0)]
    [InlineData("-4", false, 0)]
    [InlineData("banana", false, 0)]
    public void A_recorded_layout_is_read_only_when_it_is_a_bucket_count_this_release_writes(string? recorded, bool readable, int buckets)
    {
        HistoryIndexLayout.TryReadBuckets(recorded, out var read).Should().Be(readable);
        if (readable)
        {
            read.Should().Be(buckets);
        }
    }
}
