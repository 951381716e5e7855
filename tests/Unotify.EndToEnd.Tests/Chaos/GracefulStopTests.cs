using System.Diagnostics;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;
using Xunit.Abstractions;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// SIGTERM, as systemd, Docker and Kubernetes stop a process: requests and running jobs finish within
/// UNOTIFY_SHUTDOWN_TIMEOUT, what is still running then goes back to the queue, and the process exits in time.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class GracefulStopTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(ChaosCollection.Soak ? 20 : 3);

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.EmbeddedGarnet)]
    public async Task Hosts_stopped_with_SIGTERM_mid_run_exit_within_the_grace_period_lose_nothing_and_move_no_ticket_twice(Backend backend)
    {
        var grace = TimeSpan.FromSeconds(5);
        var count = ChaosCollection.Deliveries(600);
        var stops = ChaosCollection.Kills(3);
        await using var rig = await EndToEndRig.CreateAsync(
            backend, TicketRun.WorkersYaml(), new Dictionary<string, string> { ["UNOTIFY_SHUTDOWN_TIMEOUT"] = "5s" });
        var run = TicketRun.Prepare(rig, count);
        rig.Jira.ResponseDelay = TimeSpan.FromMilliseconds(20); // attempts are mid-call when the stop comes
        HostProcess? current = await rig.StartHostAsync("all");
        await run.RegisterAsync(current);

        var sending = run.SendAsync(() => current);
        var took = new List<TimeSpan>();
        for (var stop = 1; stop <= stops; stop++)
        {
            // The first stop comes while deliveries are still arriving, the others while the workers drain the backlog.
            var threshold = stop * count / (stops + 1);
            if (stop == 1)
            {
                await rig.EventuallyAsync(() => run.Ledger.Accepted.Count >= threshold || sending.IsCompleted, Patience, $"{threshold} deliveries accepted before stop 1");
            }
            else
            {
                await rig.EventuallyAsync(() => run.Moved >= threshold, Patience, $"{threshold} tickets moved before stop {stop}");
            }

            var clock = Stopwatch.StartNew();
            (await current!.TerminateAsync(grace + TimeSpan.FromSeconds(30))).Should().Be(0, "SIGTERM is a clean stop");
            took.Add(clock.Elapsed);
            current = await rig.StartHostAsync("all");
        }

        await sending;
        var summary = await run.ShouldEndWithEveryTicketMovedOnceAsync(current!, Patience);
        took.Should().OnlyContain(elapsed => elapsed < grace, $"each stop ends within UNOTIFY_SHUTDOWN_TIMEOUT ({grace.TotalSeconds:0} s)");
        output.WriteLine($"all-in-one host SIGTERM x{stops} mid-run ({backend}, shutdown timeout 5s): exits after {string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:0} ms"))}; {summary}");
    }

    [Fact]
    public async Task A_job_still_running_when_the_grace_period_ends_is_given_back_and_done_once_by_the_next_host()
    {
        var grace = TimeSpan.FromSeconds(3);
        await using var rig = await EndToEndRig.CreateAsync(
            Backend.Redis, TicketRun.WorkersYaml(), new Dictionary<string, string> { ["UNOTIFY_SHUTDOWN_TIMEOUT"] = "3s" });
        rig.Jira.AddIssue("SOC-1", "To Do").HoldIssue("SOC-1");
        var host = await rig.StartHostAsync("all");
        var secret = await rig.RegisterHookAsync(host, "41");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 slow Jira");
        await EndToEndRig.PostAsync(host, delivery, "41", secret);
        await rig.EventuallyAsync(() => rig.Jira.HeldCalls("SOC-1") >= 1, Patience, "the job is waiting on Jira");

        var clock = Stopwatch.StartNew();
        (await host.TerminateAsync(grace + TimeSpan.FromSeconds(30))).Should().Be(0, "SIGTERM is a clean stop");
        var took = clock.Elapsed;
        rig.Jira.ReleaseIssue("SOC-1");
        var next = await rig.StartHostAsync("all");

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress", Patience, "the next host moved SOC-1");
        await Task.Delay(TimeSpan.FromSeconds(2));
        took.Should().BeGreaterThanOrEqualTo(grace - TimeSpan.FromMilliseconds(100), "the job had the whole grace period to finish")
            .And.BeLessThan(grace + TimeSpan.FromSeconds(3), "then it was given back and the process exited");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        using var admin = EndToEndRig.AdminClient(next);
        var shown = JsonNode.Parse(await admin.GetStringAsync(new Uri($"/conduit/deliveries/{delivery.DeliveryId}", UriKind.Relative)))!;
        var results = shown["data"]![0]!["attempts"]!.AsArray().Select(attempt => attempt!["result"]!.GetValue<string>()).ToList();
        results.Should().Equal(["released", "done"], "the stop gave the attempt back without counting it");
        output.WriteLine($"a job held by Jira at SIGTERM (shutdown timeout 3s): the process exited after {took.TotalMilliseconds:0} ms; the next host moved SOC-1 once");
    }
}
