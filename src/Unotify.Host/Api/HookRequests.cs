namespace Unotify.Host.Api;

/// <summary>The body of <c>POST /conduit/webhooks/register</c>.</summary>
/// <param name="Provider">The provider (<c>github</c>).</param>
/// <param name="RepoPath">The repository path (<c>owner/name</c>), optional.</param>
/// <param name="RepoId">The repository id used in the payload URL.</param>
public sealed record RegisterHookRequest(string? Provider, string? RepoPath, string? RepoId);

/// <summary>The body of <c>PATCH /conduit/webhooks/update</c>: which hook's secret to rotate.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="RepoId">The repository id.</param>
public sealed record RotateHookRequest(string? Provider, string? RepoId);

/// <summary>The body of <c>PATCH /internal/webhooks/import</c>: a hook whose secret already exists at the sender.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="RepoId">The repository id.</param>
/// <param name="RepoPath">The repository path, optional.</param>
/// <param name="Secret">The existing secret.</param>
public sealed record ImportHookRequest(string? Provider, string? RepoId, string? RepoPath, string? Secret);
