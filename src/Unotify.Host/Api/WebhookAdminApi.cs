using Unotify.Core.Registry;
using Unotify.Host.Plugins;
using Unotify.Host.Reloading;
using Unotify.Host.Security;

namespace Unotify.Host.Api;

/// <summary>The admin routes that register, rotate, import, list, find and delete hooks.</summary>
internal static class WebhookAdminApi
{
    public static IEndpointRouteBuilder MapWebhookAdminApi(this IEndpointRouteBuilder routes)
    {
        var conduit = routes.MapGroup("/conduit/webhooks").AddEndpointFilter<AdminTokenFilter>().WithTags("Hooks");
        conduit.MapPost("/register", RegisterAsync);
        conduit.MapPatch("/update", RotateAsync);
        conduit.MapGet("/list", ListAsync);
        conduit.MapGet("/find", FindAsync);
        conduit.MapDelete("/{provider}/{repoId}", DeleteAsync);
        routes.MapPatch("/internal/webhooks/import", ImportAsync).AddEndpointFilter<AdminTokenFilter>().WithTags("Hooks");
        return routes;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, IHookRegistry registry, LiveConfiguration live, PayloadAddress address, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<RegisterHookRequest>(context.Request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if ((JsonBody.Require(("provider", body.Provider), ("repo_id", body.RepoId)) ?? Invalid(body.Provider!, body.RepoId!) ?? InvalidRepoPath(body.RepoPath) ?? UnknownProvider(live.Current.Plugins, body.Provider!)) is { } refused)
        {
            return refused;
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            try
            {
                var created = await registry.RegisterAsync(body.Provider!.ToLowerInvariant(), body.RepoId!, body.RepoPath, cancellationToken);
                return ApiResults.Ok(new HookSecretView(created.Secret, created.Hook.PayloadPath, address.UrlOf(created.Hook, context.Request)), StatusCodes.Status201Created);
            }
            catch (HookAlreadyExistsException)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.HookExists, $"A {body.Provider} hook for repo '{body.RepoId}' exists already; rotate its secret with PATCH /conduit/webhooks/update.");
            }
        });
    }

    private static async Task<IResult> RotateAsync(HttpContext context, IHookRegistry registry, PayloadAddress address, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<RotateHookRequest>(context.Request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if ((JsonBody.Require(("provider", body.Provider), ("repo_id", body.RepoId)) ?? Invalid(body.Provider!, body.RepoId!)) is { } refused)
        {
            return refused;
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            try
            {
                var rotated = await registry.RotateAsync(body.Provider!.ToLowerInvariant(), body.RepoId!, cancellationToken);
                return ApiResults.Ok(new HookSecretView(rotated.Secret, rotated.Hook.PayloadPath, address.UrlOf(rotated.Hook, context.Request)));
            }
            catch (HookNotFoundException)
            {
                return NotFound(body.Provider!, body.RepoId!);
            }
        });
    }

    private static async Task<IResult> ImportAsync(HttpContext context, IHookRegistry registry, LiveConfiguration live, PayloadAddress address, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<ImportHookRequest>(context.Request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if ((JsonBody.Require(("provider", body.Provider), ("repo_id", body.RepoId), ("secret", body.Secret)) ?? Invalid(body.Provider!, body.RepoId!) ?? InvalidRepoPath(body.RepoPath) ?? UnknownProvider(live.Current.Plugins, body.Provider!)) is { } refused)
        {
            return refused;
        }

        if (body.Secret!.Length > RedisHookRegistry.MaxSecretLength)
        {
            return ApiResults.Error(
                StatusCodes.Status400BadRequest,
                ErrorCodes.InvalidRequest,
                $"The secret is {body.Secret.Length} characters long; a secret may have at most {RedisHookRegistry.MaxSecretLength}.");
        }

        if (body.Secret.Length < RedisHookRegistry.MinImportedSecretLength)
        {
            return ApiResults.Error(
                StatusCodes.Status400BadRequest,
                ErrorCodes.InvalidRequest,
                $"The secret is {body.Secret.Length} characters long; an imported secret must have at least {RedisHookRegistry.MinImportedSecretLength}, because a short one can be guessed. "
                + "Register the hook with POST /conduit/webhooks/register (or rotate an existing one with PATCH /conduit/webhooks/update) to get a 64-character secret, and paste that into the sender's webhook settings.");
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var hook = await registry.ImportAsync(body.Provider!.ToLowerInvariant(), body.RepoId!, body.RepoPath, body.Secret!, cancellationToken);
            return ApiResults.Ok(HookView.From(hook, context.Request, address));
        });
    }

    private static async Task<IResult> ListAsync(HttpContext context, IHookRegistry registry, PayloadAddress address, string? provider, CancellationToken cancellationToken)
    {
        var filter = string.IsNullOrWhiteSpace(provider) ? null : provider.ToLowerInvariant();
        if (filter is not null && HookNames.Problem(filter, "provider") is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, problem);
        }

        return await ApiResults.FromStoreAsync(context, async () =>
        {
            var hooks = await registry.ListAsync(filter, cancellationToken);
            return ApiResults.Ok(hooks.Select(hook => HookView.From(hook, context.Request, address)).ToList());
        });
    }

    private static async Task<IResult> FindAsync(HttpContext context, IHookRegistry registry, PayloadAddress address, string? provider, string? repo_id, CancellationToken cancellationToken)
    {
        if ((JsonBody.Require(("provider", provider), ("repo_id", repo_id)) ?? Invalid(provider!, repo_id!)) is { } refused)
        {
            return refused;
        }

        return await ApiResults.FromStoreAsync(context, async () =>
            await registry.FindAsync(provider!.ToLowerInvariant(), repo_id!, cancellationToken) is { } hook
                ? ApiResults.Ok(HookView.From(hook, context.Request, address))
                : NotFound(provider, repo_id!));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, IHookRegistry registry, string provider, string repoId, CancellationToken cancellationToken) =>
        Invalid(provider, repoId) ?? await ApiResults.FromStoreAsync(context, async () =>
            await registry.DeleteAsync(provider.ToLowerInvariant(), repoId, cancellationToken)
                ? ApiResults.Ok(new { Deleted = true })
                : NotFound(provider, repoId));

    /// <summary>A 400 when the provider name or repository id breaks <see cref="HookNames"/>'s rule.</summary>
    private static IResult? Invalid(string provider, string repoId) =>
        (HookNames.Problem(provider, "provider") ?? HookNames.Problem(repoId, "repo_id")) is { } problem
            ? ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, problem)
            : null;

    /// <summary>A 400 for a repository path longer than a hook may keep.</summary>
    private static IResult? InvalidRepoPath(string? repoPath) =>
        repoPath is { Length: > RedisHookRegistry.MaxRepoPathLength }
            ? ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, $"repo_path is {repoPath.Length} characters long; at most {RedisHookRegistry.MaxRepoPathLength} are allowed.")
            : null;

    private static IResult NotFound(string provider, string repoId) =>
        ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.HookNotFound, $"No {provider} hook is registered for repo '{repoId}'.");

    private static IResult? UnknownProvider(PluginRuntime plugins, string provider) =>
        plugins.Providers.ContainsKey(provider)
            ? null
            : ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.UnknownProvider, $"No plugin provides the provider '{provider}'; loaded providers: {string.Join(", ", plugins.Providers.Keys.Order(StringComparer.Ordinal))}.");
}
