namespace Unotify.Host.Dashboard;

/// <summary>
/// How a dashboard page is answered: HTML that is never cached, with a content security policy that lets only the
/// host's own script and style run, and no framing or referrer.
/// </summary>
internal static class DashboardResults
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>A page: the view <paramref name="body"/> inside the dashboard's layout.</summary>
    public static IResult Page(HttpContext context, string title, string active, HtmlFragment body, int statusCode = StatusCodes.Status200OK) =>
        Write(context, DashboardPage.Render(title, active, body, AntiForgery(context)), statusCode);

    /// <summary>A bare fragment (the rows a live table reloads).</summary>
    public static IResult Fragment(HttpContext context, HtmlFragment html) => Write(context, html, StatusCodes.Status200OK);

    /// <summary>A refusal page with its reason.</summary>
    public static IResult Refused(HttpContext context, int statusCode, string reason) =>
        Write(context, DashboardPage.Render("Not done", "", Html.Of($"""{DashboardPage.Notice(reason, problem: true)}<p><a href="/ui">Back to the dashboard</a></p>"""), antiForgery: null), statusCode);

    /// <summary>The page a dashboard without an admin token shows instead of anything else.</summary>
    public static IResult NoAdminToken(HttpContext context) =>
        Write(context, DashboardPage.Render("Set an admin token", "", Html.Of($"""
            <p>The dashboard is closed because no admin token is configured. Set one and restart Unotify, then sign in with it here:</p>
            <pre><code>export UNOTIFY_ADMIN_TOKEN="$(openssl rand -hex 32)"</code></pre>
            <p>(or <code>--admin-token</code>, or <code>Unotify:AdminToken</code> in <code>appsettings.json</code>; see the README's "Configuration").</p>
            """), antiForgery: null), StatusCodes.Status503ServiceUnavailable);

    /// <summary>The anti-forgery token of the signed-in session, for the page's forms.</summary>
    public static string? AntiForgery(HttpContext context) =>
        context.Items[DashboardSignInFilter.SessionItem] is string cookie ? context.RequestServices.GetRequiredService<DashboardSession>().AntiForgeryFor(cookie) : null;

    private static IResult Write(HttpContext context, HtmlFragment html, int statusCode)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return Results.Content(html.Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
    }
}
