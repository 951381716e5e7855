using System.Reflection;
using Unotify.Core.Limits;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Telemetry;
using Unotify.Host.Reloading;

namespace Unotify.Host.Api;

/// <summary>The routes anyone may call: ping, version, liveness, readiness and metrics.</summary>
internal static class SystemApi
{
    private static readonly string Version =
        typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/conduit/ping", () => TypedResults.Text("pong")).WithTags("System");
        routes.MapGet("/conduit/version", () => ApiResults.Ok(new { Version })).WithTags("System");
        routes.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("System");
        routes.MapGet("/readyz", ReadyAsync).WithTags("System");
        routes.MapPrometheusScrapingEndpoint(TelemetrySetup.MetricsPath).WithTags("System");
        return routes;
    }

    private static async Task<IResult> ReadyAsync(RedisStore store, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var configuration = live.Current;
        var redis = await store.PingAsync(cancellationToken);
        var body = new
        {
            Redis = redis ? "reachable" : "unreachable",
            Providers = configuration.Plugins.Providers.Keys.Order(StringComparer.Ordinal).ToList(),
            Workers = configuration.Workers.Select(worker => worker.Name).ToList(),
            Circuits = redis ? await CircuitsAsync(configuration.Workers, cancellationToken) : null,
            Configuration = ConfigurationView.Of(configuration, live.LastReload),
        };
        return redis
            ? ApiResults.Ok(body)
            : TypedResults.Json(new { Success = false, ErrorCode = ErrorCodes.StoreUnavailable, ErrorMsg = "Redis is not reachable.", Data = body }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// Each worker's circuit as the store holds it. An open circuit does not make the process unready: the service its
    /// worker calls is down, not Unotify, and restarting the process would not help.
    /// </summary>
    private static async Task<Dictionary<string, CircuitStatus>> CircuitsAsync(IReadOnlyList<Worker> workers, CancellationToken cancellationToken)
    {
        var circuits = new Dictionary<string, CircuitStatus>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            if (worker.Circuit is { } circuit)
            {
                try
                {
                    circuits[worker.Name] = await circuit.ReadAsync(cancellationToken);
                }
                catch (StoreUnavailableException)
                {
                    // The ping just succeeded; the store went away in between. The circuit is left out of this answer.
                }
            }
        }

        return circuits;
    }
}
