using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Host.Api;
using Unotify.Host.Reloading;

namespace Unotify.Host.Dashboard;

/// <summary>
/// The hooks: list, register, rotate, delete. A secret is shown once, on the page that made it, with a copy button and
/// the payload URL to paste into the sender; no page shows a stored secret.
/// </summary>
internal static class HooksSection
{
    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/hooks", (HttpContext context, IHookRegistry registry, LiveConfiguration live, CancellationToken cancellationToken) =>
            PageAsync(context, registry, live, null, null, cancellationToken));
        pages.MapPost("/hooks", RegisterAsync);
        pages.MapPost("/hooks/{provider}/{repoId}/rotate", RotateAsync);
        pages.MapPost("/hooks/{provider}/{repoId}/delete", DeleteAsync);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, IHookRegistry registry, LiveConfiguration live, PayloadAddress address, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var provider = form["provider"].ToString().Trim().ToLowerInvariant();
        var repoId = form["repo_id"].ToString().Trim();
        var repoPath = string.IsNullOrWhiteSpace(form["repo_path"]) ? null : form["repo_path"].ToString().Trim();
        var problem = HookNames.Problem(provider, "The provider") ?? HookNames.Problem(repoId, "The repository id")
            ?? (live.Current.Plugins.Providers.ContainsKey(provider) ? null : $"No plugin provides the provider '{provider}'.");
        if (problem is not null)
        {
            return await PageAsync(context, registry, live, (problem, true), null, cancellationToken, StatusCodes.Status400BadRequest);
        }

        try
        {
            var created = await registry.RegisterAsync(provider, repoId, repoPath, cancellationToken);
            return await PageAsync(context, registry, live, ($"Registered {provider}/{repoId}.", false), Secret(created, address.UrlOf(created.Hook, context.Request)), cancellationToken);
        }
        catch (HookAlreadyExistsException)
        {
            return await PageAsync(context, registry, live, ($"A {provider} hook for '{repoId}' exists already; rotate its secret below.", true), null, cancellationToken, StatusCodes.Status409Conflict);
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Hooks", "/ui/hooks");
        }
    }

    private static async Task<IResult> RotateAsync(HttpContext context, string provider, string repoId, IHookRegistry registry, LiveConfiguration live, PayloadAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var rotated = await registry.RotateAsync(provider, repoId, cancellationToken);
            return await PageAsync(context, registry, live, ($"Rotated the secret of {provider}/{repoId}: paste the new one into the sender now; the old one no longer verifies.", false),
                Secret(rotated, address.UrlOf(rotated.Hook, context.Request)), cancellationToken);
        }
        catch (HookNotFoundException)
        {
            return await PageAsync(context, registry, live, ($"No {provider} hook for '{repoId}'.", true), null, cancellationToken, StatusCodes.Status404NotFound);
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Hooks", "/ui/hooks");
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string provider, string repoId, IHookRegistry registry, LiveConfiguration live, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await registry.DeleteAsync(provider, repoId, cancellationToken);
            return await PageAsync(context, registry, live, deleted ? ($"Deleted {provider}/{repoId}: its deliveries are now answered 404.", false) : ($"No {provider} hook for '{repoId}'.", true), null, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Hooks", "/ui/hooks");
        }
    }

    private static async Task<IResult> PageAsync(
        HttpContext context, IHookRegistry registry, LiveConfiguration live, (string Text, bool Problem)? notice, HtmlFragment? secret, CancellationToken cancellationToken,
        int statusCode = StatusCodes.Status200OK)
    {
        IReadOnlyList<Hook> hooks;
        try
        {
            hooks = await registry.ListAsync(null, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Hooks", "/ui/hooks");
        }

        var antiForgery = DashboardResults.AntiForgery(context)!;
        var providers = live.Current.Plugins.Providers.Keys.Order(StringComparer.Ordinal).ToList();
        var body = Html.Of($"""
            {(notice is { } said ? DashboardPage.Notice(said.Text, said.Problem) : HtmlFragment.Empty)}
            {secret ?? HtmlFragment.Empty}
            <h2>Register a hook</h2>
            {DashboardPage.Form("/ui/hooks", antiForgery, Html.Of($"""
                <div class="inline">
                <label>Provider <select name="provider">{Html.Join(providers.Select(provider => Html.Of($"<option>{provider}</option>")))}</select></label>
                <label>Repository id <input name="repo_id" required placeholder="186853002"></label>
                <label>Repository path <input name="repo_path" placeholder="acme/api"></label>
                <button type="submit">Register</button>
                </div>
                """))}
            <h2>Hooks</h2>
            <div class="scroll"><table><thead><tr><th>hook</th><th class="optional">repository</th><th class="optional">secret set</th><th>payload path</th><th></th></tr></thead><tbody>
            {(hooks.Count == 0 ? Html.Of($"""<tr><td colspan="5" class="muted">No hooks yet.</td></tr>""") : Html.Join(hooks.Select(hook => Row(hook, antiForgery))))}
            </tbody></table></div>
            """);
        return DashboardResults.Page(context, "Hooks", "/ui/hooks", body, statusCode);
    }

    private static HtmlFragment Row(Hook hook, string antiForgery)
    {
        var path = "/ui/hooks/" + Uri.EscapeDataString(hook.Provider) + "/" + Uri.EscapeDataString(hook.RepoId);
        return Html.Of($"""
            <tr><td>{hook.Provider}/{hook.RepoId}</td><td class="optional">{hook.RepoPath}</td><td class="optional">{hook.SecretUpdatedAt:u}</td><td><code>{hook.PayloadPath}</code></td>
            <td><div class="inline">
            {DashboardPage.Form(path + "/rotate", antiForgery, Html.Of($"""<button type="submit">Rotate secret</button>"""), $"Rotate the secret of {hook.Provider}/{hook.RepoId}? The sender must be given the new one.")}
            {DashboardPage.Form(path + "/delete", antiForgery, Html.Of($"""<button type="submit" class="danger">Delete</button>"""), $"Delete the hook {hook.Provider}/{hook.RepoId}? Its deliveries will be answered 404.")}
            </div></td></tr>
            """);
    }

    private static HtmlFragment Secret(HookWithSecret made, string url) => Html.Of($"""
        <section class="card" aria-labelledby="secret-title">
        <h2 id="secret-title">Secret of {made.Hook.Provider}/{made.Hook.RepoId}: shown this once</h2>
        <p>Paste both into the sender (GitHub: Settings → Webhooks → Add webhook, content type application/json).</p>
        <label>Payload URL <code class="secret" id="payload-url">{url}</code></label>
        <button type="button" data-copy="payload-url">Copy URL</button>
        <label>Secret <code class="secret" id="hook-secret">{made.Secret}</code></label>
        <button type="button" data-copy="hook-secret">Copy secret</button>
        </section>
        """);
}
