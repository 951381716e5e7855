using System.Text;
using System.Text.Json;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Receiving;

namespace Unotify.EndToEnd.Tests;

/// <summary>OpenTelemetry through the real binary: OTLP export to a collector on loopback, and logs that carry the trace id.</summary>
public sealed class TelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_an_OTLP_endpoint_a_delivery_is_exported_as_one_trace_and_its_log_lines_carry_that_trace_id()
    {
        await using var collector = await RecordingReceiver.StartAsync();
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, environment: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["UNOTIFY_LOG_JSON"] = "true",
            ["UNOTIFY_LOG_LEVEL"] = "Debug",
        });
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "31");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 traced");

        await EndToEndRig.PostAsync(host, delivery, "31", secret);

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress", Patience, "SOC-1 moved");
        string? queued = null;
        string? moved = null;
        await rig.EventuallyAsync(
            () =>
            {
                queued = TraceIdOf(host.Output, line => Text(line, "QueuedDeliveryId") == delivery.DeliveryId);
                moved = TraceIdOf(host.Output, line => Text(line, "Key") == "SOC-1" && Text(line, "ToStatus") == "In Progress");
                return queued is not null && moved is not null;
            },
            Patience,
            "the ingest and the move logged with trace ids");
        moved.Should().Be(queued, "the line the request logged and the one the worker logged belong to one trace");
        var traceId = Convert.FromHexString(queued!);
        await rig.EventuallyAsync(
            () => collector.Requests.Any(request => request.Path == "/v1/traces" && Exported(request, traceId, "process atlassian")),
            Patience,
            "the job's span exported over OTLP in the delivery's trace");
        collector.Requests.Should().Contain(request => request.Path == "/v1/traces" && Exported(request, traceId, "/conduit/webhooks/{provider}/{repoId}/payload"),
            "the request's span is in the same trace");
        await rig.EventuallyAsync(
            () => collector.Requests.Any(request => request.Path == "/v1/metrics" && Encoding.UTF8.GetString(request.Body).Contains("unotify.jobs.processed", StringComparison.Ordinal)),
            Patience,
            "the metrics pushed over OTLP too");
    }

    /// <summary>Whether an OTLP protobuf body holds a span of <paramref name="traceId"/> named like <paramref name="name"/>: the raw id bytes and the name's UTF-8 are in it.</summary>
    private static bool Exported(ReceivedRequest request, byte[] traceId, string name) =>
        request.Body.AsSpan().IndexOf(traceId) >= 0 && request.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) >= 0;

    /// <summary>The <c>@tr</c> of the first compact-JSON log line matching <paramref name="match"/>.</summary>
    private static string? TraceIdOf(string output, Func<JsonElement, bool> match)
    {
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            if (match(document.RootElement) && document.RootElement.TryGetProperty("@tr", out var traceId))
            {
                return traceId.GetString();
            }
        }

        return null;
    }

    private static string? Text(JsonElement line, string property) =>
        line.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
