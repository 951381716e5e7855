using System.Globalization;
using Unotify.Core.Registry;

namespace Unotify.Host.Cli;

/// <summary><c>unotify hooks register|rotate|list|delete</c>: administers hooks directly in Redis, without HTTP.</summary>
internal sealed class HooksCommand : ICommand
{
    public string Name => "hooks";

    public IReadOnlyList<string> Usage =>
    [
        "hooks register PROVIDER REPO_ID [REPO_PATH]   register a hook; prints its secret once",
        "hooks rotate PROVIDER REPO_ID                 give a hook a new secret; prints it once",
        "hooks list [PROVIDER]                         list hooks (never secrets)",
        "hooks delete PROVIDER REPO_ID                 unregister a hook",
    ];

    public Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var action = invocation.Word(0);
        var provider = invocation.Word(1)?.ToLowerInvariant();
        var repoId = invocation.Word(2);
        return action switch
        {
            "register" when provider is not null && repoId is not null => AdminStore.RunAsync(invocation, store => RegisterAsync(invocation, new RedisHookRegistry(store), provider, repoId, invocation.Word(3), cancellationToken), cancellationToken),
            "rotate" when provider is not null && repoId is not null => AdminStore.RunAsync(invocation, store => RotateAsync(invocation, new RedisHookRegistry(store), provider, repoId, cancellationToken), cancellationToken),
            "list" => AdminStore.RunAsync(invocation, store => ListAsync(invocation, new RedisHookRegistry(store), provider, cancellationToken), cancellationToken),
            "delete" when provider is not null && repoId is not null => AdminStore.RunAsync(invocation, store => DeleteAsync(invocation, new RedisHookRegistry(store), provider, repoId, cancellationToken), cancellationToken),
            _ => CommandUsage.WriteAsync(invocation, this),
        };
    }

    private static async Task<int> RegisterAsync(CommandInvocation invocation, RedisHookRegistry registry, string provider, string repoId, string? repoPath, CancellationToken cancellationToken)
    {
        try
        {
            var created = await registry.RegisterAsync(provider, repoId, repoPath, cancellationToken);
            await WriteSecretAsync(invocation, "Registered", created);
            return ExitCodes.Success;
        }
        catch (HookAlreadyExistsException)
        {
            await invocation.Error.WriteLineAsync($"unotify: a {provider} hook for repo '{repoId}' exists already; use 'unotify hooks rotate {provider} {repoId}' for a new secret.");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> RotateAsync(CommandInvocation invocation, RedisHookRegistry registry, string provider, string repoId, CancellationToken cancellationToken)
    {
        try
        {
            await WriteSecretAsync(invocation, "Rotated", await registry.RotateAsync(provider, repoId, cancellationToken));
            return ExitCodes.Success;
        }
        catch (HookNotFoundException)
        {
            await invocation.Error.WriteLineAsync($"unotify: no {provider} hook is registered for repo '{repoId}'.");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> ListAsync(CommandInvocation invocation, RedisHookRegistry registry, string? provider, CancellationToken cancellationToken)
    {
        var hooks = await registry.ListAsync(provider, cancellationToken);
        if (hooks.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No hooks registered.");
            return ExitCodes.Success;
        }

        await invocation.Output.WriteLineAsync($"{"PROVIDER",-10} {"REPO_ID",-20} {"REPO_PATH",-30} {"SECRET_UPDATED",-20} PAYLOAD_PATH");
        foreach (var hook in hooks)
        {
            await invocation.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{hook.Provider,-10} {hook.RepoId,-20} {hook.RepoPath ?? "-",-30} {hook.SecretUpdatedAt:yyyy-MM-dd HH:mm:ss}  {hook.PayloadPath}"));
        }

        return ExitCodes.Success;
    }

    private static async Task<int> DeleteAsync(CommandInvocation invocation, RedisHookRegistry registry, string provider, string repoId, CancellationToken cancellationToken)
    {
        if (!await registry.DeleteAsync(provider, repoId, cancellationToken))
        {
            await invocation.Error.WriteLineAsync($"unotify: no {provider} hook is registered for repo '{repoId}'.");
            return ExitCodes.Failure;
        }

        await invocation.Output.WriteLineAsync($"Deleted the {provider} hook for repo '{repoId}'.");
        return ExitCodes.Success;
    }

    private static async Task WriteSecretAsync(CommandInvocation invocation, string verb, HookWithSecret hook)
    {
        await invocation.Output.WriteLineAsync($"{verb} the {hook.Hook.Provider} hook for repo '{hook.Hook.RepoId}'.");
        await invocation.Output.WriteLineAsync($"  payload path: {hook.Hook.PayloadPath}  (prefix it with this server's public URL)");
        await invocation.Output.WriteLineAsync($"  secret:       {hook.Secret}  (shown once: configure it at the sender now)");
    }
}
