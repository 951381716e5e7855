using System.Net;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// What a sender sees when a delivery's job is larger than the embedded Garnet server keeps in one value: its payload
/// goes in a file beside the store, but the texts the provider read from it stay in the job.
/// </summary>
public sealed class EmbeddedStoreLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_delivery_whose_texts_are_too_large_for_the_embedded_store_is_answered_413_with_the_fix_and_the_next_one_still_moves_its_ticket()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "9");

        // A 2 MB pull request description (GitHub caps one at 64 K characters; another sender may not): the body
        // carries it, and so do the job's texts.
        var (status, body) = await EndToEndRig.PostAsync(
            host, GitHubDeliveries.MergedPullRequest("SOC-1: huge description", body: new string('x', 2 * 1024 * 1024)), "9", secret);
        var (next, _) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-2: the next one"), "9", secret);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge, body.ToJsonString());
        body["error_code"]!.GetValue<string>().Should().Be("PAYLOAD_TOO_LARGE");
        body["error_msg"]!.GetValue<string>().Should().Contain("the embedded store takes jobs up to 1.75 MB besides their payload (the texts the provider read from it are that large). Point UNOTIFY_REDIS at a Redis server");
        next.Should().Be(HttpStatusCode.Accepted);
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-2") == "In Progress", Patience, "SOC-2 moved");
        rig.Jira.StatusOf("SOC-1").Should().Be("To Do");
    }
}
