using System.Net;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>What a sender sees when a delivery is larger than the embedded Garnet server keeps in one job.</summary>
public sealed class EmbeddedStoreLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_delivery_too_large_for_the_embedded_store_is_answered_413_with_the_fix_and_the_next_one_still_moves_its_ticket()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "9");

        // A 1 MB pull request description: the body carries it, and so do the job's texts, about 2 MB in all.
        var (status, body) = await EndToEndRig.PostAsync(
            host, GitHubDeliveries.MergedPullRequest("SOC-1: huge description", body: new string('x', 1024 * 1024)), "9", secret);
        var (next, _) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-2: the next one"), "9", secret);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge, body.ToJsonString());
        body["error_code"]!.GetValue<string>().Should().Be("PAYLOAD_TOO_LARGE");
        body["error_msg"]!.GetValue<string>().Should().Contain("the embedded store takes jobs up to 1.75 MB. Point UNOTIFY_REDIS at a Redis server");
        next.Should().Be(HttpStatusCode.Accepted);
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-2") == "In Progress", Patience, "SOC-2 moved");
        rig.Jira.StatusOf("SOC-1").Should().Be("To Do");
    }
}
