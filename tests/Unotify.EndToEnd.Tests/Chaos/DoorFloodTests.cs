using System.Diagnostics;
using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;
using Xunit.Abstractions;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>Memory at the door is bounded: a flood of large unsigned bodies for a known hook cannot grow the host without limit.</summary>
[Collection(ChaosCollection.Name)]
public sealed class DoorFloodTests(ITestOutputHelper output)
{
    private const int BigBody = 24 * 1024 * 1024;

    [Fact]
    public async Task Thirty_two_unsigned_24_MB_bodies_at_once_leave_the_host_under_300_MB_while_signed_deliveries_get_202_and_floods_do_not_pile_up_in_memory()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet, TicketRun.WorkersYaml());
        var host = await rig.StartHostAsync("all");
        var secret = await rig.RegisterHookAsync(host, "42");
        // Warm up, so that the baseline holds what serving small deliveries holds anyway (the GC's young generation, Kestrel's buffers).
        for (var i = 0; i < 200; i++)
        {
            (await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest($"NOPE-{i} warm-up"), "42", secret)).Status.Should().Be(HttpStatusCode.Accepted);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = ResidentMemory.Megabytes(host);
        var first = await FloodAsync(host, secret);
        var second = await FloodAsync(host, secret);
        var third = await FloodAsync(host, secret);

        var summary = $"RSS before {before} MB; first flood: {first}; second flood: {second}; third flood: {third}";
        output.WriteLine(summary);
        foreach (var round in new[] { first, second, third })
        {
            round.Statuses.Should().OnlyContain(status => status == 401 || status == 503 || status == 0, summary);
            round.Statuses.Should().Contain(503, "the budget refused some before reading them: " + summary);
            round.Small.Should().NotBeEmpty().And.OnlyContain(status => status == HttpStatusCode.Accepted, summary);
            round.Peak.Should().BeLessThan(300, summary);
        }

        // What the first floods leave resident (pooled buffers, a GC heap not yet given back: +30 to +45 MB in all) is
        // reused by the next one, not added to: the bodies' memory is not kept. A few MB per flood still come from the
        // deliveries accepted meanwhile (the embedded store keeps up to 64 MB of its log in memory).
        third.After.Should().BeLessThan(second.After + 15, "a third flood leaves little more behind than the second: " + summary);
    }

    private static async Task<FloodRound> FloodAsync(HostProcess host, string secret)
    {
        using var sampling = new CancellationTokenSource();
        var peak = ResidentMemory.SamplePeakAsync(host, sampling.Token);
        var body = new byte[BigBody];
        Array.Fill(body, (byte)'x');
        using var flooder = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var flood = Enumerable.Range(0, 32).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/conduit/webhooks/github/42/payload", UriKind.Relative)) { Content = content };
            request.Headers.Add("X-GitHub-Event", "pull_request");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + new string('0', 64));
            try
            {
                using var response = await flooder.SendAsync(request);
                return (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return 0; // refused before the body was read, the server closed the connection mid-upload
            }
        }).ToList();

        var small = new List<HttpStatusCode>();
        while (!flood.All(task => task.IsCompleted))
        {
            small.Add((await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("NOPE-1 while flooded"), "42", secret)).Status);
        }

        var statuses = await Task.WhenAll(flood);
        var after = await SettledRssAsync(host);
        await sampling.CancelAsync();
        return new FloodRound(statuses, small, await peak, after);
    }

    /// <summary>The RSS once it has stopped falling for five seconds (or after a minute).</summary>
    private static async Task<long> SettledRssAsync(HostProcess host)
    {
        // Kestrel's memory pool gives idle blocks back on its own schedule, and an idle host collects rarely.
        var stopwatch = Stopwatch.StartNew();
        var lowest = ResidentMemory.Megabytes(host);
        var steady = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(60) && steady.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(500);
            var now = ResidentMemory.Megabytes(host);
            if (now < lowest - 1)
            {
                lowest = now;
                steady.Restart();
            }
        }

        return Math.Min(lowest, ResidentMemory.Megabytes(host));
    }

    /// <summary>One flood: what the big bodies were answered, the small signed deliveries meanwhile, the peak and settled RSS.</summary>
    private sealed record FloodRound(int[] Statuses, List<HttpStatusCode> Small, long Peak, long After)
    {
        public override string ToString() =>
            $"peak {Peak} MB, after {After} MB; big bodies: {string.Join(", ", Statuses.GroupBy(s => s).Select(g => $"{g.Count()}x{g.Key}"))}; "
            + $"small signed deliveries meanwhile: {Small.Count(s => s == HttpStatusCode.Accepted)} of {Small.Count} answered 202";
    }
}
