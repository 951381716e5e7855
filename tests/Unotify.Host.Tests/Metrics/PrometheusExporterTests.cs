using System.Diagnostics.Metrics;
using FluentAssertions;
using Unotify.Host.Metrics;
using Xunit;

namespace Unotify.Host.Tests.Metrics;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new($"{UnotifyMeter.Name}.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusExporter _exporter = new();

    [Fact]
    public void The_same_tags_in_another_order_add_to_one_series()
    {
        var counter = _meter.CreateCounter<long>("test.ordered");

        counter.Add(2, new("worker", "atlassian"), new("result", "done"));
        counter.Add(3, new("result", "done"), new("worker", "atlassian"));
        counter.Add(5, new("worker", "slack"), new("result", "done"));

        var lines = _exporter.Export().Split('\n').Where(line => line.StartsWith("test_ordered_total{", StringComparison.Ordinal)).ToList();
        lines.Should().BeEquivalentTo(
            "test_ordered_total{result=\"done\",worker=\"atlassian\"} 5",
            "test_ordered_total{result=\"done\",worker=\"slack\"} 5");
    }

    [Fact]
    public void Label_values_are_escaped_and_dotted_tag_names_become_underscores()
    {
        var counter = _meter.CreateCounter<int>("test.escaped");

        counter.Add(1, new KeyValuePair<string, object?>("error.kind", "say \"hi\"\\\nbye"));

        _exporter.Export().Should().Contain("test_escaped_total{error_kind=\"say \\\"hi\\\"\\\\\\nbye\"} 1");
    }

    [Fact]
    public void A_histogram_counts_each_measurement_in_every_bucket_at_or_above_it()
    {
        var histogram = _meter.CreateHistogram<double>("test.duration", unit: "s");

        histogram.Record(0.02, new KeyValuePair<string, object?>("worker", "w"));
        histogram.Record(3, new KeyValuePair<string, object?>("worker", "w"));

        var text = _exporter.Export();
        text.Should().Contain("test_duration_bucket{worker=\"w\",le=\"0.01\"} 0")
            .And.Contain("test_duration_bucket{worker=\"w\",le=\"0.025\"} 1")
            .And.Contain("test_duration_bucket{worker=\"w\",le=\"5\"} 2")
            .And.Contain("test_duration_bucket{worker=\"w\",le=\"+Inf\"} 2")
            .And.Contain("test_duration_count{worker=\"w\"} 2")
            .And.Contain("test_duration_sum{worker=\"w\"} 3.02");
    }

    [Fact]
    public void More_tags_than_the_inline_key_holds_still_make_one_series_per_combination()
    {
        var counter = _meter.CreateCounter<long>("test.wide");
        KeyValuePair<string, object?>[] tags = [new("a", 1), new("b", 2), new("c", 3), new("d", 4), new("e", 5)];

        counter.Add(1, tags);
        counter.Add(1, tags.Reverse().ToArray());

        _exporter.Export().Should().Contain("test_wide_total{a=\"1\",b=\"2\",c=\"3\",d=\"4\",e=\"5\"} 2");
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }
}
