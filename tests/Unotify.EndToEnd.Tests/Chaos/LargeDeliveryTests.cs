using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// GitHub sends bodies of up to 25 MB. On an external Redis and on the embedded store they are taken like any other, within the memory .NET gives
/// itself in a 512 MB container (75 % of it: a 384 MB heap); the door's body budget is what keeps more of them out. Their
/// payloads are stored in parts of 1 MB on Redis and in files beside the embedded store, which a worker killed mid-job
/// finds again.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class LargeDeliveryTests(ITestOutputHelper output)
{
    private const int Deliveries = 12;

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.EmbeddedGarnet)]
    public async Task Twelve_signed_22_MB_deliveries_two_at_a_time_are_all_queued_and_each_moves_its_ticket_once_on_a_host_held_to_a_384_MB_heap(Backend backend)
    {
        await using var rig = await EndToEndRig.CreateAsync(backend, environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x18000000" });
        for (var i = 1; i <= Deliveries; i++)
        {
            rig.Jira.AddIssue($"SOC-{i}", "To Do");
        }

        var host = await rig.StartHostAsync();
        // Two hooks, so that two bodies are read at once: one hook's bodies may take only half of the budget.
        string[] repos = ["9", "10"];
        var secrets = new[] { await rig.RegisterHookAsync(host, repos[0]), await rig.RegisterHookAsync(host, repos[1]) };
        using var sampling = new CancellationTokenSource();
        var peak = ResidentMemory.SamplePeakAsync(host, sampling.Token);
        var ledger = new DeliveryLedger();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(n => ChaosSender.SendAsync(
            Enumerable.Range(0, Deliveries / 2).Select(i => GitHubDeliveries.LargeMergedPullRequest($"SOC-{(2 * i) + n + 1}: move files", 22)).ToList(),
            () => host, repos[n], secrets[n], senders: 1, ledger, TimeSpan.FromMinutes(2))));

        await rig.Jira.WaitUntilAsync(jira => Enumerable.Range(1, Deliveries).All(i => jira.StatusOf($"SOC-{i}") == "In Progress"), TimeSpan.FromSeconds(60));
        await sampling.CancelAsync();
        var summary = $"{ledger}; peak RSS {await peak} MB";
        output.WriteLine(summary);

        // Only 202 and 503 (resent): anything else, a 500 included, is unexpected.
        ledger.Unexpected.Should().BeEmpty(summary);
        ledger.ConnectionLost.Should().Be(0, summary);
        ledger.Accepted.Should().HaveCount(Deliveries, summary).And.OnlyContain(pair => pair.Value == 1, summary);
        Enumerable.Range(1, Deliveries).Should().OnlyContain(i => rig.Jira.MovesOf($"SOC-{i}").Count == 1, "each ticket moved once: " + summary);
        host.Output.Should().NotContain("OutOfMemory");
    }

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.EmbeddedGarnet)]
    public async Task Two_22_MB_deliveries_survive_a_kill_of_the_host_mid_job_and_each_moves_its_ticket_once_after_the_restart(Backend backend)
    {
        const string workers = """
            workers:
              atlassian:
                statefile: jira.hcl
                projects: [soc]
                lease: 2s
            """;
        await using var rig = await EndToEndRig.CreateAsync(backend, workers);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do").HoldIssue("SOC-1").HoldIssue("SOC-2");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "9");

        foreach (var ticket in new[] { "SOC-1", "SOC-2" })
        {
            var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.LargeMergedPullRequest($"{ticket}: move files", 22), "9", secret);
            status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        }

        // Both jobs were fetched and their payloads read (22 parts on Redis, a file beside the embedded store): the
        // worker is waiting on Jira for each.
        await rig.EventuallyAsync(() => rig.Jira.HeldCalls("SOC-1") > 0 && rig.Jira.HeldCalls("SOC-2") > 0, TimeSpan.FromSeconds(60), "both jobs running");
        await host.KillAsync();
        rig.Jira.ReleaseIssue("SOC-1");
        rig.Jira.ReleaseIssue("SOC-2");
        await rig.StartHostAsync();

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.StatusOf("SOC-2") == "In Progress", TimeSpan.FromSeconds(60), "both tickets moved after the restart");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("SOC-2").Should().ContainSingle();
    }
}
