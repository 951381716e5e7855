using System.Diagnostics;
using System.Globalization;
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
    public async Task Thirty_two_unsigned_24_MB_bodies_at_once_leave_the_host_under_300_MB_while_signed_deliveries_get_202_and_the_memory_goes_back()
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
        var before = RssMegabytes(host);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(host, sampling.Token);

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
        var after = await SettledRssAsync(host, before);
        await sampling.CancelAsync();
        var peakMegabytes = await peak;

        var summary = $"RSS before {before} MB, peak {peakMegabytes} MB, after {after} MB; big bodies: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}x{g.Key}"))}; small signed deliveries meanwhile: {small.Count(s => s == HttpStatusCode.Accepted)} of {small.Count} answered 202";
        output.WriteLine(summary);
        statuses.Should().OnlyContain(status => status == 401 || status == 503 || status == 0, summary);
        statuses.Should().Contain(503, "the budget refused some before reading them: " + summary);
        small.Should().NotBeEmpty().And.OnlyContain(status => status == HttpStatusCode.Accepted, summary);
        peakMegabytes.Should().BeLessThan(300, summary);
        after.Should().BeLessThan(before + 40, "the memory the bodies took goes back: " + summary);
    }

    private static long RssMegabytes(HostProcess host)
    {
        foreach (var line in File.ReadLines($"/proc/{host.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS line.");
    }

    private static async Task<long> SamplePeakAsync(HostProcess host, CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, RssMegabytes(host));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }

    /// <summary>The RSS once it stops falling (or after 30 s).</summary>
    private static async Task<long> SettledRssAsync(HostProcess host, long before)
    {
        var stopwatch = Stopwatch.StartNew();
        var last = RssMegabytes(host);
        // Kestrel's memory pool gives idle blocks back on its own schedule, and an idle host collects rarely: allow a minute.
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(60) && last >= before + 40)
        {
            await Task.Delay(500);
            last = RssMegabytes(host);
        }

        return last;
    }
}
