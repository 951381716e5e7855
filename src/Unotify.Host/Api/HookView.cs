using Unotify.Core.Registry;

namespace Unotify.Host.Api;

/// <summary>A hook as the admin API lists it: never with its secret.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="RepoId">The repository id.</param>
/// <param name="RepoPath">The repository path, if one was given.</param>
/// <param name="Uri">The payload URL to give the sender.</param>
/// <param name="CreatedAt">When the hook was registered.</param>
/// <param name="SecretUpdatedAt">When its secret was last set.</param>
public sealed record HookView(string Provider, string RepoId, string? RepoPath, string Uri, DateTimeOffset CreatedAt, DateTimeOffset SecretUpdatedAt)
{
    internal static HookView From(Hook hook, HttpRequest request) =>
        new(hook.Provider, hook.RepoId, hook.RepoPath, PayloadUri(hook, request), hook.CreatedAt, hook.SecretUpdatedAt);

    internal static string PayloadUri(Hook hook, HttpRequest request) => $"{request.Scheme}://{request.Host}{hook.PayloadPath}";
}
