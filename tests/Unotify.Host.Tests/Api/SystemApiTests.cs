using System.Net;
using System.Text.Json;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Api;

[Collection(MetricsScrapeCollection.Name)]
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
    public async Task The_openapi_document_describes_the_history_routes_with_their_answers_and_errors()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });

        using var document = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas").GetRawText();

        foreach (var (path, method) in new[]
        {
            ("/conduit/deliveries", "get"), ("/conduit/deliveries/{deliveryId}", "get"), ("/conduit/deliveries/{deliveryId}/replay", "post"),
            ("/conduit/deliveries/{deliveryId}/simulate", "post"), ("/conduit/tickets/{key}", "get"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            operation.GetProperty("summary").GetString().Should().NotBeNullOrEmpty(path);
            var responses = operation.GetProperty("responses");
            responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText().Should().NotBeNullOrEmpty(path);
            responses.TryGetProperty("401", out _).Should().BeTrue($"{path} says it needs the admin token");
        }

        schemas.Should().Contain("next_cursor").And.Contain("found_in").And.Contain("duplicates").And.Contain("queued_for").And.Contain("error_msg");
    }

    [Fact]
    public async Task Metrics_count_requests_by_route_and_status_and_jobs_by_worker()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"));
        var secret = await host.RegisterAsync("m");
        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("m"));
        await host.RecordedAsync(1);

        var metrics = await WaitForAsync(host, text => text.Contains("unotify_jobs_processed_total{otel_scope_name=\"Unotify\",worker=\"recorder\"}", StringComparison.Ordinal));

        // The names of the hand-written exporter, kept; OpenTelemetry adds the meter's name as otel_scope_name.
        metrics.Should().Contain("# TYPE unotify_http_requests_total counter");
        // (Counts are not compared: the meters are the process's, and other tests' hosts run beside this one.)
        metrics.Should().Contain("unotify_http_requests_total{otel_scope_name=\"Unotify\",method=\"POST\",route=\"/conduit/webhooks/{provider}/{repoId}/payload\",status=\"202\"}");
        metrics.Should().Contain("unotify_jobs_queued_total{otel_scope_name=\"Unotify\",worker=\"recorder\"}");
        metrics.Should().Contain("# TYPE unotify_job_duration histogram")
            .And.Contain("unotify_job_duration_bucket{otel_scope_name=\"Unotify\",worker=\"recorder\",le=\"60000\"}")
            .And.Contain("unotify_job_duration_count{otel_scope_name=\"Unotify\",worker=\"recorder\"}");
        metrics.Should().Contain("target_info{").And.Contain("service_name=\"unotify\"");
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
