using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Unotify.Core.Queue;
using Unotify.Core.Tracing;
using Unotify.Host.Metrics;

namespace Unotify.Host.Telemetry;

/// <summary>
/// Metrics and traces through OpenTelemetry: every <c>Unotify</c> meter, scraped at <c>/metrics</c> in Prometheus'
/// text format and also pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; traces (the HTTP request,
/// each job attempt, the processors' outgoing HTTP calls) when that endpoint is set.
/// </summary>
/// <remarks>
/// The OTLP exporters read the standard <c>OTEL_EXPORTER_OTLP_*</c> variables themselves (endpoint, protocol, headers).
/// Without tracing nothing listens to the activity sources, so no span is created and jobs carry no trace context.
/// </remarks>
internal static class TelemetrySetup
{
    /// <summary>The variable that turns the OTLP export (and tracing) on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The scrape path, as before OpenTelemetry.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The processing-time buckets in milliseconds: 5 ms to a minute, as the hand-written exporter had them.</summary>
    private static readonly double[] DurationBuckets = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];

    private static readonly string Version =
        typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Whether <see cref="OtlpEndpointVariable"/> is set; a value that is not an http(s) address stops start-up.</summary>
    /// <param name="environment">Reads environment variables.</param>
    /// <returns><see langword="true"/> when metrics and traces are to be pushed over OTLP.</returns>
    /// <exception cref="FormatException">The variable is set to something that is not an http(s) address.</exception>
    public static bool ExportsOtlp(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(OtlpEndpointVariable) is not { Length: > 0 } endpoint)
        {
            return false;
        }

        // OpenTelemetry would ignore a bad address silently (its own event source says so) and export nothing.
        return Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
            ? true
            : throw new FormatException(
                $"{OtlpEndpointVariable} is '{endpoint}'; set the OpenTelemetry collector's address, such as http://otel-collector:4318 "
                + "(with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) or http://otel-collector:4317 (grpc, the default), or unset it to export nothing.");
    }

    /// <summary>Adds OpenTelemetry's metrics and, when exported somewhere, tracing.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="role">The process's role, a resource attribute (<c>unotify.role</c>).</param>
    /// <param name="exportOtlp">Whether <see cref="OtlpEndpointVariable"/> is set.</param>
    /// <param name="configureTracing">More tracing set-up (a test's in-memory exporter); tracing is on when this is given.</param>
    public static void AddUnotifyTelemetry(this IServiceCollection services, string role, bool exportOtlp, Action<TracerProviderBuilder>? configureTracing)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("unotify", serviceVersion: Version)
                .AddAttributes([new KeyValuePair<string, object>("unotify.role", role)]))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(UnotifyMeter.Name, UnotifyMeter.Name + ".*")
                    .AddView(QueueMetrics.DurationInstrument, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets })
                    .AddPrometheusExporter(prometheus =>
                    {
                        // Each scrape sees the measurements made until then (a cached answer would hide a job just done).
                        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    });
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (!exportOtlp && configureTracing is null)
        {
            return;
        }

        telemetry.WithTracing(tracing =>
        {
            tracing.AddSource(JobTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation();
            if (exportOtlp)
            {
                tracing.AddOtlpExporter();
            }

            configureTracing?.Invoke(tracing);
        });
    }

    /// <summary>Probes and scrapes come every few seconds and say nothing about deliveries: they are not traced.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(MetricsPath);
}
