using Unotify.Core.Registry;

namespace Unotify.Host.Api;

/// <summary>A hook as the admin API lists it: never with its secret.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="RepoId">The repository id.</param>
/// <param name="RepoPath">The repository path, if one was given.</param>
/// <param name="Uri">The payload path, as the seed gives it: to put behind the address senders reach (<c>/conduit/webhooks/github/123/payload</c>).</param>
/// <param name="Url">The whole payload URL to give the sender (see <see cref="PayloadAddress"/>).</param>
/// <param name="CreatedAt">When the hook was registered.</param>
/// <param name="SecretUpdatedAt">When its secret was last set.</param>
public sealed record HookView(string Provider, string RepoId, string? RepoPath, string Uri, string Url, DateTimeOffset CreatedAt, DateTimeOffset SecretUpdatedAt)
{
    internal static HookView From(Hook hook, HttpRequest request, PayloadAddress address) =>
        new(hook.Provider, hook.RepoId, hook.RepoPath, hook.PayloadPath, address.UrlOf(hook, request), hook.CreatedAt, hook.SecretUpdatedAt);
}
