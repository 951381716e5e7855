namespace Unotify.Core.Registry;

/// <summary>A hook as kept in Redis: its public fields and its secret sealed with AES-GCM.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="RepoId">The repo id.</param>
/// <param name="RepoPath">The repository path, if given.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="SecretUpdatedAt">When its secret was last set.</param>
/// <param name="SealedSecret">Nonce ‖ ciphertext ‖ tag, bound to (provider, repo id).</param>
internal sealed record StoredHook(string Provider, string RepoId, string? RepoPath, DateTimeOffset CreatedAt, DateTimeOffset SecretUpdatedAt, byte[] SealedSecret)
{
    public Hook ToHook() => new(Provider, RepoId, RepoPath, CreatedAt, SecretUpdatedAt);

    /// <inheritdoc />
    public override string ToString() => $"StoredHook {{ {Provider}/{RepoId}, SealedSecret = *** }}";
}
