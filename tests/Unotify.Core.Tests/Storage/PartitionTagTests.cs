using Unotify.Core.Storage;

namespace Unotify.Core.Tests.Storage;

/// <summary>The hash tags of a partitioned worker's queue, and the Cluster slots they land in.</summary>
public sealed class PartitionTagTests
{
    [Theory]
    [InlineData("w:atlassian", 9903)]
    [InlineData("w:atlassian:1", 10661)]
    [InlineData("w:atlassian:2", 6598)]
    [InlineData("hist", 15090)]
    [InlineData("hub", 2434)]
    [InlineData("hooks", 14515)]
    public void A_tags_slot_is_the_one_redis_computes(string tag, int slot)
    {
        // The slots were read from redis-server 7.0 with CLUSTER KEYSLOT "{tag}".
        KeySpace.ClusterSlot(tag).Should().Be(slot);
    }

    [Fact]
    public void Six_partitions_of_any_worker_put_one_to_three_on_each_of_three_equal_nodes()
    {
        foreach (var worker in Enumerable.Range(0, 300).Select(n => $"worker-{n}"))
        {
            var slots = Enumerable.Range(0, 6)
                .Select(partition => KeySpace.ClusterSlot(partition == 0 ? $"w:{worker}" : KeySpace.PartitionTag(worker, partition)))
                .ToList();

            var perNode = slots.GroupBy(slot => slot * 3 / KeySpace.ClusterSlots).ToDictionary(group => group.Key, group => group.Count());
            perNode.Should().HaveCount(3, $"worker {worker}'s partitions (slots {string.Join(", ", slots)}) reach every node");
            perNode.Values.Should().OnlyContain(count => count <= 3, $"no node holds more than half of worker {worker}'s partitions");
        }
    }

    [Fact]
    public void A_partitions_tag_does_not_depend_on_how_many_partitions_there_are()
    {
        KeySpace.PartitionTag("atlassian", 3).Should().Be(KeySpace.PartitionTag("atlassian", 3)).And.StartWith("w:atlassian:3");
        new KeySpace("unotify").Worker("atlassian", 3).Due.Should().Be($"unotify:{{{KeySpace.PartitionTag("atlassian", 3)}}}:due");
        new KeySpace("unotify").Worker("atlassian", 0).Should().Be(new KeySpace("unotify").Worker("atlassian"));
    }
}
