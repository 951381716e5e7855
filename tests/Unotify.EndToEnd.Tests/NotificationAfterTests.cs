using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Receiving;

namespace Unotify.EndToEnd.Tests;

/// <summary>A chat notifier with <c>after:</c> the Jira worker, through the real binary: the message says what Jira did.</summary>
public sealed class NotificationAfterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A Jira worker (a short lease, so a killed one's job comes back soon) and a Slack worker that follows it.</summary>
    private static async Task WriteWorkersAsync(EndToEndRig rig, RecordingReceiver slack) =>
        await rig.WriteWorkersYamlAsync($"""
            workers:
              jira-worker:
                processor: jira
                statefile: jira.hcl
                projects: [soc]
                lease: 2s
                settings:
            {rig.JiraSettings(rig.Jira.BaseUrl)}  chat:
                processor: slack
                after: jira-worker
                on: {"{"} github: pull_request.merged {"}"}
                settings:
                  webhook_url: {slack.Url("/services/T0/B0/slack-secret")}
            """);

    private static string TextOf(ReceivedRequest request) => request.Json.GetProperty("text").GetString()!;

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.RedisCluster)]
    [InlineData(Backend.EmbeddedGarnet)]
    public async Task A_merged_pull_request_reaches_Slack_once_after_Jira_moved_its_ticket_saying_the_transition(Backend backend)
    {
        await using var slack = await RecordingReceiver.StartAsync();
        await using var rig = await EndToEndRig.CreateAsync(backend);
        await WriteWorkersAsync(rig, slack);
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "71");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO");

        var (status, body) = await EndToEndRig.PostAsync(host, delivery, "71", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        body["data"]!["queued_for"]!.AsArray().Select(worker => (string)worker!).Should().Equal(["jira-worker"], "the follower waits for Jira's outcome");
        var message = (await slack.WaitForAsync(1, Patience)).Single();
        rig.Jira.StatusOf("SOC-1").Should().Be("In Progress", "Slack hears of the delivery only once Jira's job settled");
        TextOf(message).Should().Be(
            "Codertocat merged \"SOC-1: log in with SSO\" in Codertocat/Hello-World · SOC-1 To Do → In Progress\n"
            + "<https://github.com/Codertocat/Hello-World/pull/2|SOC-1: log in with SSO>");

        (await EndToEndRig.PostAsync(host, delivery, "71", secret)).Status.Should().Be(HttpStatusCode.OK, "the same delivery again is a duplicate");
        await Task.Delay(TimeSpan.FromSeconds(2));
        slack.Requests.Should().ContainSingle("the redelivery sent nothing");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.HostOutputs().Should().NotContain("slack-secret");
    }

    [Fact]
    public async Task A_Jira_worker_killed_mid_job_still_gets_one_Slack_message_with_both_transitions_after_its_restart()
    {
        await using var slack = await RecordingReceiver.StartAsync();
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        await WriteWorkersAsync(rig, slack);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");

        // SOC-2's calls wait unanswered: the worker moves SOC-1, then hangs on SOC-2 with the job still leased.
        rig.Jira.HoldIssue("SOC-2");
        var ingest = await rig.StartHostAsync("serve");
        var worker = await rig.StartHostAsync("work");
        var secret = await rig.RegisterHookAsync(ingest, "72");

        var (status, body) = await EndToEndRig.PostAsync(ingest, GitHubDeliveries.MergedPullRequest("SOC-1 and SOC-2: log in with SSO"), "72", secret);
        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.HeldCalls("SOC-2") > 0, Patience, "SOC-1 moved and SOC-2 pending");

        await worker.KillAsync();
        slack.Requests.Should().BeEmpty("Jira's job has not settled");
        rig.Jira.ReleaseIssue("SOC-2");
        await rig.StartHostAsync("work");

        var message = (await slack.WaitForAsync(1, Patience)).Single();
        TextOf(message).Should().StartWith("Codertocat merged \"SOC-1 and SOC-2: log in with SSO\" in Codertocat/Hello-World · SOC-1 ").And.Contain(", SOC-2 To Do → In Progress\n");
        await Task.Delay(TimeSpan.FromSeconds(2));
        slack.Requests.Should().ContainSingle();
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("SOC-2").Should().ContainSingle();
    }
}
