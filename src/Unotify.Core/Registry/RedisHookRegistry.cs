using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;
using Unotify.Core.Security;
using Unotify.Core.Storage;

namespace Unotify.Core.Registry;

/// <summary>
/// The hook registry in one Redis hash (<c>prefix:{hooks}:all</c>, field <c>provider:repoId</c>): small, listed whole,
/// and a single key, so every step is atomic and Cluster-safe. Secrets are sealed with AES-GCM bound to the hook.
/// </summary>
/// <remarks>
/// Every write is announced on <c>prefix:{hooks}:changed</c> (message <c>provider:repoId</c>) in the same pipelined batch,
/// so <see cref="CachingHookRegistry"/> instances in other processes drop their copy. The announcement goes out even
/// when the write changed nothing (a register that found the hook, a delete of an unknown one): an extra invalidation
/// is harmless, and writing and announcing in one batch costs one round trip instead of two.
/// </remarks>
public sealed class RedisHookRegistry(RedisStore store) : IHookRegistry
{
    /// <summary>The shortest secret <see cref="ImportAsync"/> accepts; generated secrets have 64 characters.</summary>
    public const int MinImportedSecretLength = 16;

    /// <summary>The longest secret a hook may have.</summary>
    public const int MaxSecretLength = 1024;
    /// <summary>The longest repository path (<c>owner/name</c>) a hook may have.</summary>
    public const int MaxRepoPathLength = 400;

    // Replace a hook only while it still exists, so a rotation racing a delete cannot resurrect the hook.
    private const string ReplaceIfExistsScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
          return 1
        end
        return 0
        """;

    /// <inheritdoc />
    public async Task<HookWithSecret> RegisterAsync(string provider, string repoId, string? repoPath, CancellationToken cancellationToken)
    {
        Validate(provider, repoId);
        ValidateRepoPath(repoPath);
        var secret = NewSecret();
        var now = store.Time.GetUtcNow();
        var stored = Seal(provider, repoId, repoPath, now, now, secret);
        var added = await WriteAndAnnounceAsync(
            batch => batch.HashSetAsync(store.Keys.Hooks, Field(provider, repoId), Serialize(stored), When.NotExists),
            Field(provider, repoId),
            $"register hook {provider}/{repoId}",
            cancellationToken).ConfigureAwait(false);
        if (!added)
        {
            throw new HookAlreadyExistsException($"A hook for {provider}/{repoId} is already registered; rotate its secret or delete it first.");
        }

        return new HookWithSecret(stored.ToHook(), secret);
    }

    /// <inheritdoc />
    public async Task<HookWithSecret> RotateAsync(string provider, string repoId, CancellationToken cancellationToken)
    {
        Validate(provider, repoId);
        var existing = await LoadAsync(provider, repoId, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(provider, repoId);
        var secret = NewSecret();
        var stored = Seal(provider, repoId, existing.RepoPath, existing.CreatedAt, store.Time.GetUtcNow(), secret);
        if (!await ReplaceIfExistsAsync(stored, cancellationToken).ConfigureAwait(false))
        {
            throw NotFound(provider, repoId);
        }

        return new HookWithSecret(stored.ToHook(), secret);
    }

    /// <inheritdoc />
    public async Task<Hook> ImportAsync(string provider, string repoId, string? repoPath, string secret, CancellationToken cancellationToken)
    {
        Validate(provider, repoId);
        ValidateRepoPath(repoPath);
        if (secret is null || secret.Length < MinImportedSecretLength)
        {
            throw new ArgumentException(
                $"secret is {secret?.Length ?? 0} characters long; an imported secret must have at least {MinImportedSecretLength}, because a short one can be guessed. "
                + "Register the hook anew or rotate its secret (PATCH /conduit/webhooks/update, or unotify hooks rotate) to get a 64-character one, and paste that into the sender's webhook settings.",
                nameof(secret));
        }

        StoreArguments.Text(secret, nameof(secret), MaxSecretLength);
        var now = store.Time.GetUtcNow();
        var existing = await LoadAsync(provider, repoId, cancellationToken).ConfigureAwait(false);
        var stored = Seal(provider, repoId, repoPath ?? existing?.RepoPath, existing?.CreatedAt ?? now, now, secret);
        await WriteAndAnnounceAsync(
            batch => batch.HashSetAsync(store.Keys.Hooks, Field(provider, repoId), Serialize(stored)),
            Field(provider, repoId),
            $"import hook {provider}/{repoId}",
            cancellationToken).ConfigureAwait(false);
        return stored.ToHook();
    }

    /// <inheritdoc />
    public async Task<Hook?> FindAsync(string provider, string repoId, CancellationToken cancellationToken)
    {
        Validate(provider, repoId);
        return (await LoadAsync(provider, repoId, cancellationToken).ConfigureAwait(false))?.ToHook();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Hook>> ListAsync(string? provider, CancellationToken cancellationToken)
    {
        if (provider is not null)
        {
            StoreArguments.Name(provider, nameof(provider));
        }

        var entries = await StoreCall.RunAsync(store, () => store.Database.HashGetAllAsync(store.Keys.Hooks), "list hooks", cancellationToken).ConfigureAwait(false);
        return entries
            .Select(entry => Deserialize(entry.Value!).ToHook())
            .Where(hook => provider is null || string.Equals(hook.Provider, provider, StringComparison.Ordinal))
            .OrderBy(hook => hook.Provider, StringComparer.Ordinal)
            .ThenBy(hook => hook.RepoId, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string provider, string repoId, CancellationToken cancellationToken)
    {
        Validate(provider, repoId);
        return await WriteAndAnnounceAsync(
            batch => batch.HashDeleteAsync(store.Keys.Hooks, Field(provider, repoId)),
            Field(provider, repoId),
            $"delete hook {provider}/{repoId}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SecretDecryptionException">The secret cannot be decrypted with the configured key.</exception>
    public async Task<HookWithSecret?> GetForVerificationAsync(string provider, string repoId, CancellationToken cancellationToken)
    {
        Validate(provider, repoId);
        var stored = await LoadAsync(provider, repoId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var secret = store.Cipher.TryDecrypt(stored.SealedSecret, AssociatedData(provider, repoId))
            ?? throw new SecretDecryptionException(
                $"cannot decrypt the secret of hook {provider}/{repoId}: UNOTIFY_SECRET_KEY differs from the one it was stored with "
                + "(or the stored value was altered). Restore the original key, or import the secret again.");
        return new HookWithSecret(stored.ToHook(), secret);
    }

    private static void Validate(string provider, string repoId)
    {
        StoreArguments.Name(provider, "provider");
        StoreArguments.Name(repoId, "repo_id");
    }

    private static void ValidateRepoPath(string? repoPath)
    {
        if (repoPath is not null)
        {
            StoreArguments.Text(repoPath, nameof(repoPath), MaxRepoPathLength);
        }
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    // Provider names contain no ':', so the first ':' separates provider from repo id.
    private static string Field(string provider, string repoId) => $"{provider}:{repoId}";

    private static string AssociatedData(string provider, string repoId) => $"unotify-hook\n{provider}\n{repoId}";

    private static HookNotFoundException NotFound(string provider, string repoId) =>
        new($"No hook is registered for {provider}/{repoId}; register it first.");

    private static string Serialize(StoredHook hook) => JsonSerializer.Serialize(hook, StoreJsonContext.Default.StoredHook);

    private static StoredHook Deserialize(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.StoredHook) ?? throw new InvalidDataException("A stored hook is null.");

    private StoredHook Seal(string provider, string repoId, string? repoPath, DateTimeOffset createdAt, DateTimeOffset secretUpdatedAt, string secret) =>
        new(provider, repoId, repoPath, createdAt, secretUpdatedAt, store.Cipher.Encrypt(secret, AssociatedData(provider, repoId)));

    private async Task<StoredHook?> LoadAsync(string provider, string repoId, CancellationToken cancellationToken)
    {
        var value = await StoreCall.RunAsync(
            store,
            () => store.Database.HashGetAsync(store.Keys.Hooks, Field(provider, repoId)),
            $"read hook {provider}/{repoId}",
            cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : Deserialize(value!);
    }

    private async Task<bool> ReplaceIfExistsAsync(StoredHook stored, CancellationToken cancellationToken)
    {
        var field = Field(stored.Provider, stored.RepoId);
        var result = await WriteAndAnnounceAsync(
            batch => batch.ScriptEvaluateAsync(ReplaceIfExistsScript, [store.Keys.Hooks], [field, Serialize(stored)]),
            field,
            $"rotate hook {stored.Provider}/{stored.RepoId}",
            cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <summary>
    /// The write, then the announcement of the changed field, in one pipelined batch; completes once the write is
    /// durable, because the caller shows a secret once or confirms a change.
    /// </summary>
    private async Task<T> WriteAndAnnounceAsync<T>(Func<IBatch, Task<T>> write, string field, string operation, CancellationToken cancellationToken)
    {
        var result = await StoreCall.WriteThenPublishAsync(store, write, RedisChannel.Literal(store.Keys.HooksChanged), field, operation, cancellationToken)
            .ConfigureAwait(false);
        await store.WaitUntilDurableAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
