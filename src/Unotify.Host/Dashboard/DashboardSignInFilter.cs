namespace Unotify.Host.Dashboard;

/// <summary>
/// Guards every dashboard page but sign-in and the assets: without a valid session a page redirects to sign-in (a POST
/// is refused), and a POST must carry its session's anti-forgery token. With no admin token configured the dashboard
/// shows only how to set one.
/// </summary>
internal sealed class DashboardSignInFilter(DashboardSession session) : IEndpointFilter
{
    /// <summary>Where the filter leaves the valid session cookie for the page (its anti-forgery token).</summary>
    public const string SessionItem = "unotify.dashboard.session";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!session.IsEnabled)
        {
            return DashboardResults.NoAdminToken(http);
        }

        var cookie = http.Request.Cookies[DashboardSession.CookieName];
        if (!session.IsValid(cookie))
        {
            if (HttpMethods.IsGet(http.Request.Method))
            {
                var back = http.Request.Path + http.Request.QueryString;
                return Results.Redirect("/ui/sign-in?next=" + Uri.EscapeDataString(back));
            }

            return DashboardResults.Refused(http, StatusCodes.Status401Unauthorized, "Your session has ended. Sign in again, then repeat what you did.");
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
            if (!session.AntiForgeryMatches(cookie!, form?["csrf"].ToString()))
            {
                return DashboardResults.Refused(http, StatusCodes.Status403Forbidden, "This form was not sent from this dashboard's own page (its anti-forgery token is missing or wrong). Open the page again and repeat.");
            }
        }

        http.Items[SessionItem] = cookie;
        return await next(context);
    }
}
