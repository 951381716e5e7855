using System.Collections.Concurrent;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>
/// An idempotency store in memory. Claims never expire on their own; <see cref="Abandon"/> plays a holder that died
/// between acting and marking, and <see cref="HoldByOther"/> a live holder elsewhere.
/// </summary>
internal sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Claims { get; } = new();

    public ConcurrentQueue<string> Released { get; } = new();

    public bool IsDone(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && entry.Done;
        }
    }

    public bool IsHeld(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && !entry.Done && !entry.Expired;
        }
    }

    /// <summary>Leaves an expired claim with <paramref name="note"/>, as a holder that crashed would.</summary>
    public void Abandon(string key, string note)
    {
        lock (_lock)
        {
            _entries[key] = new Entry(note, Done: false, Expired: true);
        }
    }

    /// <summary>Expires every live claim, as time passing beyond the lease would.</summary>
    public void ExpireClaims()
    {
        lock (_lock)
        {
            foreach (var (key, entry) in _entries.Where(e => !e.Value.Done).ToList())
            {
                _entries[key] = entry with { Expired = true };
            }
        }
    }

    public void HoldByOther(string key)
    {
        lock (_lock)
        {
            _entries[key] = new Entry("held elsewhere", Done: false, Expired: false);
        }
    }

    /// <summary>Makes claims of <paramref name="key"/> throw, as a store that cannot be reached would.</summary>
    public void FailClaimsOf(string key) => _failing[key] = true;

    public Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken)
    {
        Claims.Enqueue(key);
        if (_failing.ContainsKey(key))
        {
            throw new InvalidOperationException("The idempotency store is unreachable (test).");
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (entry.Done)
                {
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone));
                }

                if (!entry.Expired)
                {
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther));
                }
            }

            _entries[key] = new Entry(entry?.Note ?? note, Done: false, Expired: false);
            return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, entry?.Note));
        }
    }

    public Task MarkDoneAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries[key] = new Entry(string.Empty, Done: true, Expired: false);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        Released.Enqueue(key);
        lock (_lock)
        {
            _entries.Remove(key);
        }

        return Task.CompletedTask;
    }

    private sealed record Entry(string Note, bool Done, bool Expired);
}
