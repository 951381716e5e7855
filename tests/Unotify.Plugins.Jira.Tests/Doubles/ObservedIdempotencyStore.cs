using System.Collections.Concurrent;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>
/// Records the keys a processor claims and releases on its way to another idempotency store, and makes the claims of
/// chosen keys throw, as a store that cannot be reached would.
/// </summary>
internal sealed class ObservedIdempotencyStore(IIdempotencyStore inner) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Claims { get; } = new();

    public ConcurrentQueue<string> Released { get; } = new();

    /// <summary>Makes claims of <paramref name="key"/> throw until <see cref="Heal"/>.</summary>
    public void FailClaimsOf(string key) => _failing[key] = true;

    /// <summary>Ends every failure set up with <see cref="FailClaimsOf"/>.</summary>
    public void Heal() => _failing.Clear();

    public Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken)
    {
        Claims.Enqueue(key);
        return _failing.ContainsKey(key)
            ? throw new InvalidOperationException("The idempotency store is unreachable (test).")
            : inner.ClaimAsync(key, note, cancellationToken);
    }

    public Task MarkDoneAsync(string key, CancellationToken cancellationToken) => inner.MarkDoneAsync(key, cancellationToken);

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        Released.Enqueue(key);
        return inner.ReleaseAsync(key, cancellationToken);
    }
}
