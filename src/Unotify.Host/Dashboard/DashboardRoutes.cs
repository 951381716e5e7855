using System.Reflection;

namespace Unotify.Host.Dashboard;

/// <summary>
/// The dashboard at <c>/ui</c>, on the host's own port: server-rendered pages with one small script, every asset served
/// from the host (it works offline and behind a firewall). Only sign-in and the assets are open; every other page needs
/// a session (<see cref="DashboardSignInFilter"/>).
/// </summary>
internal static class DashboardRoutes
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ui/assets/{name}", Asset).ExcludeFromDescription();
        SignInSection.Map(routes);
        var pages = routes.MapGroup("/ui").AddEndpointFilter<DashboardSignInFilter>().ExcludeFromDescription();
        OverviewSection.Map(pages);
        DeliveriesSection.Map(pages);
        TicketsSection.Map(pages);
        HooksSection.Map(pages);
        DeadLettersSection.Map(pages);
        MachinesSection.Map(pages);
        return routes;
    }

    private static IResult Asset(HttpContext context, string name)
    {
        var type = name switch
        {
            "dashboard.css" => "text/css; charset=utf-8",
            "dashboard.js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("Unotify.Host.Dashboard.Assets." + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=300";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, type);
    }
}
