using System.Net;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// The embedded Garnet server takes GitHub's largest bodies, as an external Redis does: a payload over 1 MB is stored in
/// parts beside its job, so no value it holds outgrows its inline limit. What it refuses is a job whose texts alone
/// (titles, descriptions, commit messages) are larger than that.
/// </summary>
public sealed class EmbeddedStoreLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_22_MB_deliveries_on_the_embedded_store_survive_a_kill_of_the_host_mid_job_and_each_moves_its_ticket_once_after_the_restart()
    {
        const string workers = """
            workers:
              atlassian:
                statefile: jira.hcl
                projects: [soc]
                lease: 2s
            """;
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet, workers);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do").HoldIssue("SOC-1").HoldIssue("SOC-2");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "9");

        foreach (var ticket in new[] { "SOC-1", "SOC-2" })
        {
            var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.LargeMergedPullRequest($"{ticket}: move files", 22), "9", secret);
            status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        }

        // Both jobs were fetched, their parts read and put together: the worker is waiting on Jira for each.
        await rig.EventuallyAsync(() => rig.Jira.HeldCalls("SOC-1") > 0 && rig.Jira.HeldCalls("SOC-2") > 0, Patience, "both jobs running");
        await host.KillAsync();
        rig.Jira.ReleaseIssue("SOC-1");
        rig.Jira.ReleaseIssue("SOC-2");
        await rig.StartHostAsync();

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.StatusOf("SOC-2") == "In Progress", Patience, "both tickets moved after the restart");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("SOC-2").Should().ContainSingle();
    }

    [Fact]
    public async Task A_delivery_whose_texts_are_too_large_for_the_embedded_store_is_answered_413_with_the_fix_and_the_next_one_still_moves_its_ticket()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "9");

        // A 2 MB pull request description (GitHub caps it far lower; a push's commit messages have no such cap): the
        // job's texts carry it.
        var (status, body) = await EndToEndRig.PostAsync(
            host, GitHubDeliveries.MergedPullRequest("SOC-1: huge description", body: new string('x', 2 * 1024 * 1024)), "9", secret);
        var (next, _) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-2: the next one"), "9", secret);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge, body.ToJsonString());
        body["error_code"]!.GetValue<string>().Should().Be("PAYLOAD_TOO_LARGE");
        body["error_msg"]!.GetValue<string>().Should().Contain("of texts (titles, descriptions, commit messages) besides its body; the embedded store keeps up to 1.75 MB of them per job. Point UNOTIFY_REDIS at a Redis server");
        next.Should().Be(HttpStatusCode.Accepted);
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-2") == "In Progress", Patience, "SOC-2 moved");
        rig.Jira.StatusOf("SOC-1").Should().Be("To Do");
    }
}
