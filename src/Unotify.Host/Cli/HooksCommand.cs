using System.CommandLine;
using System.Globalization;
using Unotify.Core.Registry;

namespace Unotify.Host.Cli;

/// <summary><c>unotify hooks register|rotate|list|delete</c>: administers hooks directly in the store, without HTTP.</summary>
internal static class HooksCommand
{
    public static Command Create(SettingsOptions settings)
    {
        var provider = new Argument<string>("provider") { Description = "the provider: github, gitlab, hmac, …" };
        var repoId = new Argument<string>("repo-id") { Description = "the repository's id at the provider" };
        var repoPath = new Argument<string?>("repo-path") { Description = "the repository's path (owner/name), for lists and logs", Arity = ArgumentArity.ZeroOrOne };
        var anyProvider = new Argument<string?>("provider") { Description = "only this provider's hooks", Arity = ArgumentArity.ZeroOrOne };

        var register = new Command("register", "Register a hook; prints its secret once.") { provider, repoId, repoPath };
        register.SetAction((parsed, token) => Run(parsed, settings, (registry, host) => RegisterAsync(CommandConsole.Of(parsed), registry, host.PublicUrl, Lower(parsed.GetValue(provider)), parsed.GetValue(repoId)!, parsed.GetValue(repoPath), token), token));
        var rotate = new Command("rotate", "Give a hook a new secret; prints it once.") { provider, repoId };
        rotate.SetAction((parsed, token) => Run(parsed, settings, (registry, host) => RotateAsync(CommandConsole.Of(parsed), registry, host.PublicUrl, Lower(parsed.GetValue(provider)), parsed.GetValue(repoId)!, token), token));
        var list = new Command("list", "List hooks (never their secrets).") { anyProvider };
        list.SetAction((parsed, token) => Run(parsed, settings, (registry, _) => ListAsync(CommandConsole.Of(parsed), registry, parsed.GetValue(anyProvider)?.ToLowerInvariant(), token), token));
        var delete = new Command("delete", "Unregister a hook.") { provider, repoId };
        delete.SetAction((parsed, token) => Run(parsed, settings, (registry, _) => DeleteAsync(CommandConsole.Of(parsed), registry, Lower(parsed.GetValue(provider)), parsed.GetValue(repoId)!, token), token));

        var hooks = new Command("hooks", "Register, rotate, list and delete hooks, directly in the store.") { register, rotate, list, delete };
        foreach (var command in hooks.Subcommands)
        {
            settings.AddTo(command);
        }

        return hooks;
    }

    private static string Lower(string? provider) => provider!.ToLowerInvariant();

    private static Task<int> Run(ParseResult parsed, SettingsOptions settings, Func<RedisHookRegistry, Hosting.HostSettings, Task<int>> action, CancellationToken cancellationToken) =>
        AdminStore.RunAsync(CommandConsole.Of(parsed), settings.ArgsOf(parsed), (store, host) => action(new RedisHookRegistry(store), host), cancellationToken);

    private static async Task<int> RegisterAsync(CommandConsole console, RedisHookRegistry registry, Uri? publicUrl, string provider, string repoId, string? repoPath, CancellationToken cancellationToken)
    {
        try
        {
            var created = await registry.RegisterAsync(provider, repoId, repoPath, cancellationToken);
            await WriteSecretAsync(console, "Registered", created, publicUrl);
            return ExitCodes.Success;
        }
        catch (HookAlreadyExistsException)
        {
            await console.Error.WriteLineAsync($"unotify: a {provider} hook for repo '{repoId}' exists already; use 'unotify hooks rotate {provider} {repoId}' for a new secret.");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> RotateAsync(CommandConsole console, RedisHookRegistry registry, Uri? publicUrl, string provider, string repoId, CancellationToken cancellationToken)
    {
        try
        {
            await WriteSecretAsync(console, "Rotated", await registry.RotateAsync(provider, repoId, cancellationToken), publicUrl);
            return ExitCodes.Success;
        }
        catch (HookNotFoundException)
        {
            await console.Error.WriteLineAsync($"unotify: no {provider} hook is registered for repo '{repoId}'.");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> ListAsync(CommandConsole console, RedisHookRegistry registry, string? provider, CancellationToken cancellationToken)
    {
        var hooks = await registry.ListAsync(provider, cancellationToken);
        if (hooks.Count == 0)
        {
            await console.Output.WriteLineAsync("No hooks registered.");
            return ExitCodes.Success;
        }

        await console.WriteTableAsync(
            ["PROVIDER", "REPO_ID", "REPO_PATH", "SECRET_UPDATED", "PAYLOAD_PATH"],
            [.. hooks.Select(hook => (IReadOnlyList<string>)[hook.Provider, hook.RepoId, hook.RepoPath ?? "-", hook.SecretUpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), hook.PayloadPath])]);
        return ExitCodes.Success;
    }

    private static async Task<int> DeleteAsync(CommandConsole console, RedisHookRegistry registry, string provider, string repoId, CancellationToken cancellationToken)
    {
        if (!await registry.DeleteAsync(provider, repoId, cancellationToken))
        {
            await console.Error.WriteLineAsync($"unotify: no {provider} hook is registered for repo '{repoId}'.");
            return ExitCodes.Failure;
        }

        await console.Output.WriteLineAsync($"Deleted the {provider} hook for repo '{repoId}'.");
        return ExitCodes.Success;
    }

    private static async Task WriteSecretAsync(CommandConsole console, string verb, HookWithSecret hook, Uri? publicUrl)
    {
        await console.Output.WriteLineAsync($"{verb} the {hook.Hook.Provider} hook for repo '{hook.Hook.RepoId}'.");
        await console.Output.WriteLineAsync(publicUrl is null
            ? $"  payload path: {hook.Hook.PayloadPath}  (prefix it with the address senders reach this server at, or set UNOTIFY_PUBLIC_URL)"
            : $"  payload URL:  {publicUrl.ToString().TrimEnd('/')}{hook.Hook.PayloadPath}");
        await console.Output.WriteLineAsync($"  secret:       {hook.Secret}  (shown once: configure it at the sender now)");
    }
}
