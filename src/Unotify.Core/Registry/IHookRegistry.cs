namespace Unotify.Core.Registry;

/// <summary>
/// The webhooks Unotify accepts, keyed by (provider, repo id), with their secrets encrypted at rest.
/// </summary>
/// <remarks>
/// Every method throws <see cref="ArgumentException"/> for empty or oversized ids and
/// <see cref="Storage.StoreUnavailableException"/> when Redis cannot be reached.
/// </remarks>
public interface IHookRegistry
{
    /// <summary>Registers a hook with a new random secret.</summary>
    /// <returns>The hook and its secret, which is shown this once.</returns>
    /// <exception cref="HookAlreadyExistsException">A hook for (provider, repo id) exists.</exception>
    Task<HookWithSecret> RegisterAsync(string provider, string repoId, string? repoPath, CancellationToken cancellationToken);

    /// <summary>Replaces a hook's secret with a new random one.</summary>
    /// <returns>The hook and its new secret, shown this once.</returns>
    /// <exception cref="HookNotFoundException">No hook for (provider, repo id).</exception>
    Task<HookWithSecret> RotateAsync(string provider, string repoId, CancellationToken cancellationToken);

    /// <summary>Stores a hook with a secret that already exists at the sender; creates the hook or replaces its secret.</summary>
    /// <returns>The hook.</returns>
    Task<Hook> ImportAsync(string provider, string repoId, string? repoPath, string secret, CancellationToken cancellationToken);

    /// <summary>The hook for (provider, repo id), or <see langword="null"/>.</summary>
    Task<Hook?> FindAsync(string provider, string repoId, CancellationToken cancellationToken);

    /// <summary>All hooks, or those of one provider, ordered by provider then repo id.</summary>
    Task<IReadOnlyList<Hook>> ListAsync(string? provider, CancellationToken cancellationToken);

    /// <summary>Removes a hook.</summary>
    /// <returns>Whether a hook was removed.</returns>
    Task<bool> DeleteAsync(string provider, string repoId, CancellationToken cancellationToken);

    /// <summary>The hook with its decrypted secret, for verifying a delivery; <see langword="null"/> when unknown.</summary>
    Task<HookWithSecret?> GetForVerificationAsync(string provider, string repoId, CancellationToken cancellationToken);
}
