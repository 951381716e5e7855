using System.Diagnostics;
using OpenTelemetry.Trace;
using Unotify.Host.Tests.Cli;
using Unotify.Host.Tests.Support;
using Unotify.Testing.FakeJira;

namespace Unotify.Host.Tests.Telemetry;

public sealed class TracingTests
{
    [Fact]
    public async Task One_delivery_is_one_trace_from_the_request_through_the_job_to_the_Jira_calls()
    {
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("SOC-1", "To Do");
        var spans = new SpanList();
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            WorkersYaml = $$"""
                workers:
                  atlassian:
                    statefile: {{CliFiles.ShippedJiraHcl}}
                    projects: [soc]
                    settings: { base_url: "{{jira.BaseUrl}}", email: {{jira.Auth.Email}}, api_token: {{jira.Auth.Token}} }
                """,
            ConfigureTracing = tracing => tracing.AddInMemoryExporter(spans),
        });
        var secret = await host.RegisterAsync("t1");
        var delivery = GitHubDelivery.MergedPullRequest();
        delivery.WithBody(System.Text.Encoding.UTF8.GetString([.. delivery.Body]).Replace("Update the README with new information.", "SOC-1 trace me", StringComparison.Ordinal));

        using var accepted = await host.Client.SendAsync(delivery.SignedWith(secret).ToRequest("t1"));
        // Listeners are process-wide: other tests' hosts may add spans too, so this delivery's are found by its id.
        var job = await spans.WaitForAsync(span => span.DisplayName == "process atlassian" && Equals(span.GetTagItem("unotify.delivery.id"), delivery.DeliveryId));

        accepted.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        jira.StatusOf("SOC-1").Should().Be("In Progress");
        var trace = spans.Snapshot().Where(span => span.TraceId == job.TraceId).ToList();
        var request = trace.Should().ContainSingle(span => span.DisplayName == "POST /conduit/webhooks/{provider}/{repoId}/payload", "the job carries the request's trace context through the queue").Subject;
        request.Kind.Should().Be(ActivityKind.Server);
        job.ParentSpanId.Should().Be(request.SpanId);
        job.GetTagItem("unotify.result").Should().Be("done");
        var jiraCalls = trace.Where(span => span.Kind == ActivityKind.Client && span.GetTagItem("server.port") is int port && jira.BaseUrl.EndsWith($":{port}", StringComparison.Ordinal)).ToList();
        jiraCalls.Select(span => span.GetTagItem("http.request.method")).Should().Equal("GET", "GET", "POST", "POST");
        jiraCalls.Should().OnlyContain(span => span.ParentSpanId == job.SpanId, "the processor's calls run inside the job's span");
        spans.Snapshot().Should().NotContain(span => span.DisplayName.Contains("healthz", StringComparison.Ordinal) || span.DisplayName.Contains("metrics", StringComparison.Ordinal));
    }

    /// <summary>The exporter's target: spans are added from the threads that end them.</summary>
    private sealed class SpanList : ICollection<Activity>
    {
        private readonly List<Activity> _spans = [];
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _spans.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<Activity> Snapshot()
        {
            lock (_lock)
            {
                return [.. _spans];
            }
        }

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                if (Snapshot().FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                DateTime.UtcNow.Should().BeBefore(deadline, "the span should end within 15 s; spans so far: " + string.Join(", ", Snapshot().Select(s => s.DisplayName)));
                await Task.Delay(25);
            }
        }

        public void Add(Activity item)
        {
            lock (_lock)
            {
                _spans.Add(item);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _spans.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_lock)
            {
                return _spans.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
