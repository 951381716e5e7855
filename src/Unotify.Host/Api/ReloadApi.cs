using Unotify.Host.Reloading;
using Unotify.Host.Security;

namespace Unotify.Host.Api;

/// <summary><c>POST /conduit/admin/reload</c>: read workers.yaml and its state files again and put them in force when valid.</summary>
internal static class ReloadApi
{
    public static IEndpointRouteBuilder MapReloadApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/conduit/admin/reload", ReloadAsync).AddEndpointFilter<AdminTokenFilter>().WithTags("Configuration")
            .WithSummary("Reload workers.yaml and its state files: 200 when in force (or unchanged), 422 with every error when refused (the configuration in force keeps running).");
        return routes;
    }

    private static async Task<IResult> ReloadAsync(ConfigurationReloader reloader, CancellationToken cancellationToken)
    {
        var report = await reloader.ReloadAsync(ConfigurationReloader.ApiTrigger, cancellationToken);
        var view = ReloadView.Of(report, withProblems: true);
        if (report.Result != ReloadReport.Failed)
        {
            return ApiResults.Ok(view);
        }

        var message = $"The configuration has {report.Errors.Count} error(s) and was not put in force; the configuration in force keeps running. First: {report.Errors[0]}";
        return TypedResults.Json(new { Success = false, ErrorCode = ErrorCodes.InvalidConfiguration, ErrorMsg = message, Data = view }, statusCode: StatusCodes.Status422UnprocessableEntity);
    }
}
