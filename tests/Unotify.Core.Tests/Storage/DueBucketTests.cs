using Unotify.Core.Storage;

namespace Unotify.Core.Tests.Storage;

public sealed class DueBucketTests
{
    [Theory]
    [InlineData("0190a1b2c3d47e8f9a0b1c2d3e4f5a6b", 7)]
    [InlineData("job-1", 2)]
    [InlineData("ünïcödé-id", 11)]
    [InlineData("", 0)]
    public void A_job_ids_overflow_due_set_never_changes_between_releases(string id, int bucket)
    {
        // Pinned: a store holds jobs in the sets this picked, and the queue's scripts compute the same in Lua.
        WorkerKeys.DueOverflowBucketOf(id).Should().Be(bucket);
        new WorkerKeys("t:{w:a}").DueOverflowOf(id).Should().Be($"t:{{w:a}}:due:{bucket}");
    }

    [Fact]
    public void Sixteen_thousand_of_the_queues_ids_spill_into_overflow_sets_of_little_more_than_a_thousand()
    {
        // Sets of about 1,000 never stalled the embedded Garnet's compaction; sets of 10,000 did (bench/README.md).
        var sizes = Enumerable.Range(0, 16_000)
            .Select(_ => WorkerKeys.DueOverflowBucketOf(Guid.CreateVersion7().ToString("N")))
            .GroupBy(bucket => bucket)
            .Select(group => group.Count())
            .ToList();

        sizes.Should().HaveCount(WorkerKeys.DueOverflowSetCount);
        sizes.Max().Should().BeLessThan(1_200);
    }
}
