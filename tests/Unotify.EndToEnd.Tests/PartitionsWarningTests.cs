using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>A worker given <c>partitions:</c> on a store where they cannot spread anything is told so at start-up.</summary>
public sealed class PartitionsWarningTests
{
    private const string Workers = """
        workers:
          atlassian:
            statefile: jira.hcl
            projects: [soc]
            partitions: 4
        """;

    private const string Warning = "Worker atlassian has partitions: 4, which spread its queue over the nodes of a Redis Cluster";

    [Fact]
    public async Task Partitions_on_a_single_redis_server_are_warned_about_at_start_up()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, Workers);

        var host = await rig.StartHostAsync("serve");

        host.Output.Should().Contain(Warning).And.Contain("on a single Redis server they all live on one node");
    }

    [Fact]
    public async Task Partitions_on_the_embedded_store_are_warned_about_at_start_up()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet, Workers);

        var host = await rig.StartHostAsync("serve");

        host.Output.Should().Contain(Warning).And.Contain("on the embedded store they all live on one node");
    }

    [Fact]
    public async Task Partitions_on_a_cluster_are_not_warned_about()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.RedisCluster, Workers);

        var host = await rig.StartHostAsync("serve");

        host.Output.Should().NotContain(Warning);
    }
}
