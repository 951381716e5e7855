using System.Net;
using System.Text.RegularExpressions;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Dashboard;

/// <summary>What the overview page says about the workers.</summary>
public sealed partial class DashboardOverviewTests
{
    [Fact]
    public async Task A_partitioned_workers_backlog_is_shown_in_total_and_per_partition()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            Role = HostRole.Serve,
            WorkersYaml = """
                plugins: ["{github}", "{recorder}"]
                workers:
                  recorder:
                    on: { github: pull_request.merged }
                    partitions: 4
                    settings: { output: "{dir}/recorded.jsonl" }
                """,
        });
        var secret = await host.RegisterAsync("spread");
        for (var i = 0; i < 12; i++)
        {
            using var sent = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithDeliveryId($"spread-{i}").SignedWith(secret).ToRequest("spread"));
            sent.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Host.BaseAddress };
        using var signIn = await client.PostAsync(new Uri("/ui/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "test-admin-token" }));
        using var overview = new HttpRequestMessage(HttpMethod.Get, new Uri("/ui", UriKind.Relative));
        overview.Headers.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        using var page = await client.SendAsync(overview);
        var html = await page.Content.ReadAsStringAsync();

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = WorkerRow().Match(html);
        row.Success.Should().BeTrue($"the overview has a row for the recorder worker:\n{html}");
        row.Groups["total"].Value.Should().Be("12");
        var parts = Regex.Split(row.Groups["parts"].Value.Trim(), @"\s*(?:·|&#xB7;)\s*").Select(int.Parse).ToList();
        parts.Should().HaveCount(4);
        parts.Sum().Should().Be(12);
    }

    [GeneratedRegex(@"<td>recorder</td><td class=""optional"">recorder</td><td>(?<total>\d+)<br><span class=""muted""[^>]*>over 4 partitions: (?<parts>[^<]+)</span>")]
    private static partial Regex WorkerRow();
}
