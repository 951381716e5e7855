namespace Unotify.Host.Dashboard;

/// <summary>The page around every dashboard view: head, navigation, sign-out, and the view's own HTML.</summary>
internal static class DashboardPage
{
    /// <summary>The sections in the navigation, by path.</summary>
    private static readonly (string Path, string Title)[] Sections =
    [
        ("/ui", "Overview"),
        ("/ui/deliveries", "Deliveries"),
        ("/ui/tickets", "Tickets"),
        ("/ui/hooks", "Hooks"),
        ("/ui/dead", "Dead letters"),
        ("/ui/machines", "State machines"),
    ];

    /// <summary>A whole page.</summary>
    /// <param name="title">The view's title.</param>
    /// <param name="active">The navigation path to mark as current.</param>
    /// <param name="body">The view.</param>
    /// <param name="antiForgery">The session's anti-forgery token, or <see langword="null"/> on the sign-in page.</param>
    public static HtmlFragment Render(string title, string active, HtmlFragment body, string? antiForgery)
    {
        var navigation = antiForgery is null
            ? HtmlFragment.Empty
            : Html.Of($"""
                <nav aria-label="Sections"><ul>{Html.Join(Sections.Select(section => Html.Of($"""<li><a href="{section.Path}"{(section.Path == active ? Html.Of($" aria-current=\"page\"") : HtmlFragment.Empty)}>{section.Title}</a></li>""")))}</ul>
                {Form("/ui/sign-out", antiForgery, Html.Of($"""<button type="submit" class="link">Sign out</button>"""))}</nav>
                """);
        return Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>{title} · Unotify</title>
            <link rel="stylesheet" href="/ui/assets/dashboard.css">
            <script src="/ui/assets/dashboard.js" defer></script>
            </head>
            <body>
            <header><a class="brand" href="/ui">Unotify</a>{navigation}</header>
            <main id="main">
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
    }

    /// <summary>A POST form that carries the anti-forgery token.</summary>
    /// <param name="action">Where it posts.</param>
    /// <param name="antiForgery">The session's anti-forgery token.</param>
    /// <param name="fields">The fields and buttons.</param>
    /// <param name="confirm">A question the browser asks before it sends the form, or <see langword="null"/>.</param>
    public static HtmlFragment Form(string action, string antiForgery, HtmlFragment fields, string? confirm = null) =>
        Html.Of($"""<form method="post" action="{action}"{(confirm is null ? HtmlFragment.Empty : Html.Of($" data-confirm=\"{confirm}\""))}><input type="hidden" name="csrf" value="{antiForgery}">{fields}</form>""");

    /// <summary>A notice at the top of a view: what just happened, or what went wrong.</summary>
    public static HtmlFragment Notice(string? text, bool problem = false) =>
        text is null ? HtmlFragment.Empty : Html.Of($"""<p class="{(problem ? "notice problem" : "notice")}" role="status">{text}</p>""");
}
