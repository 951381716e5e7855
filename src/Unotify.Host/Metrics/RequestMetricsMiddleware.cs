namespace Unotify.Host.Metrics;

/// <summary>Counts every HTTP request by route pattern, method and status code.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, UnotifyMeter meter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
            meter.HttpRequests.Add(
                1,
                new KeyValuePair<string, object?>("route", route),
                new KeyValuePair<string, object?>("method", context.Request.Method),
                new KeyValuePair<string, object?>("status", context.Response.StatusCode));
        }
    }
}
