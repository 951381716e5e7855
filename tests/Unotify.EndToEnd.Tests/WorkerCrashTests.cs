using System.Net;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

public sealed class WorkerCrashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_worker_killed_after_the_first_transition_finishes_the_job_after_a_restart_without_moving_that_ticket_twice()
    {
        // The seed's worker, with a short lease so the killed worker's job comes back within the test.
        const string workers = """
            workers:
              atlassian:
                statefile: jira.hcl
                projects: [devhop, soc]
                lease: 2s
            """;
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, workers);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("DEVHOP-2", "To Do");
        // DEVHOP-2's calls wait unanswered: the worker moves SOC-1, then hangs on DEVHOP-2 with the job still leased.
        rig.Jira.HoldIssue("DEVHOP-2");
        var ingest = await rig.StartHostAsync("serve");
        var worker = await rig.StartHostAsync("work");
        var secret = await rig.RegisterHookAsync(ingest, "42");

        var (status, body) = await EndToEndRig.PostAsync(ingest, GitHubDeliveries.MergedPullRequest("SOC-1 and DEVHOP-2"), "42", secret);
        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.HeldCalls("DEVHOP-2") > 0, Patience, "SOC-1 moved and DEVHOP-2 pending");

        await worker.KillAsync();
        rig.Jira.ReleaseIssue("DEVHOP-2");
        await rig.StartHostAsync("work");

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("DEVHOP-2") == "In Progress", Patience, "the restarted worker moved DEVHOP-2");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle("the first ticket was moved before the crash and must not move again");
        rig.Jira.StatusOf("SOC-1").Should().Be("In Progress");
        rig.Jira.MovesOf("DEVHOP-2").Should().ContainSingle();
    }
}
