namespace Unotify.Core.Registry;

/// <summary>A registered webhook, as listed to administrators: never with its secret.</summary>
/// <param name="Provider">The provider name (<c>github</c>).</param>
/// <param name="RepoId">The repository id in the payload URL.</param>
/// <param name="RepoPath">The repository path (<c>owner/name</c>) given at registration, if any.</param>
/// <param name="CreatedAt">When the hook was registered.</param>
/// <param name="SecretUpdatedAt">When its secret was last set (registration, rotation or import).</param>
public sealed record Hook(string Provider, string RepoId, string? RepoPath, DateTimeOffset CreatedAt, DateTimeOffset SecretUpdatedAt)
{
    /// <summary>The path of the hook's payload URL, relative to the host's base URL.</summary>
    public string PayloadPath => $"/conduit/webhooks/{Uri.EscapeDataString(Provider)}/{Uri.EscapeDataString(RepoId)}/payload";
}
