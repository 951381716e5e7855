namespace Unotify.Host.Dashboard;

/// <summary>Sign-in (the admin token, once, for a session cookie) and sign-out.</summary>
internal static class SignInSection
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ui/sign-in", (HttpContext context, DashboardSession session, string? next) =>
            session.IsEnabled ? Form(context, next, problem: null, StatusCodes.Status200OK) : DashboardResults.NoAdminToken(context)).ExcludeFromDescription();
        routes.MapPost("/ui/sign-in", SignInAsync).ExcludeFromDescription();
        routes.MapPost("/ui/sign-out", SignOut).AddEndpointFilter<DashboardSignInFilter>().ExcludeFromDescription();
    }

    private static async Task<IResult> SignInAsync(HttpContext context, DashboardSession session)
    {
        if (!session.IsEnabled)
        {
            return DashboardResults.NoAdminToken(context);
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var next = form?["next"].ToString();
        if (session.SignIn(form?["token"].ToString()) is not { } signedIn)
        {
            return Form(context, next, "That is not the admin token. Paste the value of UNOTIFY_ADMIN_TOKEN.", StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(DashboardSession.CookieName, signedIn.Cookie, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Expires = signedIn.Expires,
            Path = "/ui",
        });
        return Results.Redirect(IsDashboardPath(next) ? next! : "/ui");
    }

    private static IResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(DashboardSession.CookieName, new CookieOptions { Path = "/ui", SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
        return Results.Redirect("/ui/sign-in");
    }

    private static IResult Form(HttpContext context, string? next, string? problem, int statusCode) =>
        DashboardResults.Page(context, "Sign in", "", Html.Of($"""
            {DashboardPage.Notice(problem, problem: true)}
            <form method="post" action="/ui/sign-in" class="inline">
            <input type="hidden" name="next" value="{(IsDashboardPath(next) ? next : "/ui")}">
            <label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
            <button type="submit">Sign in</button>
            </form>
            <p class="muted">The token is UNOTIFY_ADMIN_TOKEN. A session lasts {DashboardSession.Lifetime.TotalHours} hours; changing the token ends every session.</p>
            """), statusCode);

    /// <summary>Only a path of the dashboard itself is a place to go back to after sign-in (never another site).</summary>
    private static bool IsDashboardPath(string? path) =>
        path is not null && path.StartsWith("/ui", StringComparison.Ordinal) && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal);
}
