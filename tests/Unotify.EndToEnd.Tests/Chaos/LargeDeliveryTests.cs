using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;
using Xunit.Abstractions;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// GitHub sends bodies of up to 25 MB. On an external Redis they are taken like any other, within the memory .NET gives
/// itself in a 512 MB container (75 % of it: a 384 MB heap); the door's body budget is what keeps more of them out.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class LargeDeliveryTests(ITestOutputHelper output)
{
    private const int Deliveries = 12;

    [Fact]
    public async Task Twelve_signed_22_MB_deliveries_two_at_a_time_are_all_queued_and_each_moves_its_ticket_once_on_a_host_held_to_a_384_MB_heap()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x18000000" });
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
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= Deliveries; i += 2)
        {
            var pair = await Task.WhenAll(Enumerable.Range(0, 2).Select(n => PostUntilAnsweredAsync(
                host, GitHubDeliveries.LargeMergedPullRequest($"SOC-{i + n}: move files", 22), repos[n], secrets[n])));
            answers.AddRange(pair.SelectMany(statuses => statuses));
        }

        await rig.Jira.WaitUntilAsync(jira => Enumerable.Range(1, Deliveries).All(i => jira.StatusOf($"SOC-{i}") == "In Progress"), TimeSpan.FromSeconds(60));
        await sampling.CancelAsync();
        var summary = $"answers: {string.Join(", ", answers.GroupBy(status => (int)status).Select(group => $"{group.Key} ×{group.Count()}"))}; peak RSS {await peak} MB";
        output.WriteLine(summary);

        answers.Should().OnlyContain(status => status == HttpStatusCode.Accepted || status == HttpStatusCode.ServiceUnavailable, summary);
        answers.Count(status => status == HttpStatusCode.Accepted).Should().Be(Deliveries, summary);
        Enumerable.Range(1, Deliveries).Should().OnlyContain(i => rig.Jira.MovesOf($"SOC-{i}").Count == 1, "each ticket moved once: " + summary);
        host.Output.Should().NotContain("OutOfMemory");
    }

    /// <summary>Posts <paramref name="delivery"/>, again after each 503 as a sender that honours Retry-After would; every answer, in order.</summary>
    private static async Task<List<HttpStatusCode>> PostUntilAnsweredAsync(HostProcess host, GitHubDelivery delivery, string repoId, string secret)
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (status, _) = await EndToEndRig.PostAsync(host, delivery, repoId, secret);
            statuses.Add(status);
            if (status != HttpStatusCode.ServiceUnavailable)
            {
                return statuses;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return statuses;
    }
}
