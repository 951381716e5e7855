using Unotify.Host.Dashboard;
using Unotify.Host.Hosting;

namespace Unotify.Host.Api;

/// <summary>Maps the HTTP API for a role: everything for serve/all, only health and metrics for work (docs/architecture.md lists the routes).</summary>
internal static class UnotifyApi
{
    public static IEndpointRouteBuilder MapUnotifyApi(this IEndpointRouteBuilder routes, HostRole role)
    {
        routes.MapSystemApi();
        routes.MapReloadApi();
        if (role != HostRole.Work)
        {
            routes.MapWebhookAdminApi();
            routes.MapPayloadApi();
            routes.MapDeadLetterApi();
            routes.MapHistoryApi();
            routes.MapOpenApi();
            routes.MapDashboard();
        }

        return routes;
    }
}
