using System.Net;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Api;

public sealed class SystemApiTests
{
    [Fact]
    public async Task Ping_version_health_readiness_and_the_openapi_document_answer_without_a_token()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        host.Client.DefaultRequestHeaders.Authorization = null;

        (await host.Client.GetStringAsync(new Uri("/conduit/ping", UriKind.Relative))).Should().Be("pong");
        (await Json.ReadAsync(await host.Client.GetAsync(new Uri("/conduit/version", UriKind.Relative)))).GetProperty("data").GetProperty("version").GetString().Should().NotBeNullOrEmpty();
        (await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await Json.ReadAsync(await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative)));
        ready.GetProperty("data").GetProperty("redis").GetString().Should().Be("reachable");
        ready.GetProperty("data").GetProperty("providers").EnumerateArray().Select(provider => provider.GetString()).Should().Equal("github");
        var openApi = await host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        openApi.Should().Contain("/conduit/webhooks/{provider}/{repoId}/payload").And.Contain("/conduit/webhooks/register");
    }

    [Fact]
    public async Task Metrics_count_requests_by_route_and_status_and_jobs_by_worker()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"));
        var secret = await host.RegisterAsync("m");
        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("m"));
        await host.RecordedAsync(1);

        var metrics = await WaitForAsync(host, text => text.Contains("unotify_jobs_processed_total{worker=\"recorder\"}", StringComparison.Ordinal));

        metrics.Should().Contain("# TYPE unotify_http_requests_total counter");
        metrics.Should().Contain("unotify_http_requests_total{method=\"POST\",route=\"/conduit/webhooks/{provider}/{repoId}/payload\",status=\"202\"}");
        metrics.Should().Contain("unotify_jobs_queued_total{worker=\"recorder\"}");
        metrics.Should().Contain("# TYPE unotify_job_duration histogram").And.Contain("unotify_job_duration_bucket{worker=\"recorder\",le=\"+Inf\"}");
    }

    private static async Task<string> WaitForAsync(TestHost host, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var text = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (condition(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(25);
        }
    }
}
