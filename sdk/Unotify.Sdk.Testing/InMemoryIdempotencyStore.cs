namespace Unotify.Sdk.Testing;

/// <summary>
/// The host's idempotency store in memory, for tests: a key is free, claimed or done. Thread-safe.
/// </summary>
/// <remarks>
/// A claim holds until it is marked or released, as an attempt that is still running holds it in the host;
/// <see cref="Abandon"/> plays an attempt that ended between acting and marking (its worker died), so the next
/// <see cref="ClaimAsync"/> is granted with <see cref="IdempotencyClaim.AbandonedNote"/> set, as in the host.
/// </remarks>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="key"/> was marked done.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> after <see cref="MarkDoneAsync"/>.</returns>
    public bool IsDone(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && entry.State == EntryState.Done;
        }
    }

    /// <summary>Whether <paramref name="key"/> is claimed by a live holder (neither done, released nor abandoned).</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> while a claim holds.</returns>
    public bool IsHeld(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && entry.State == EntryState.Held;
        }
    }

    /// <summary>Leaves <paramref name="key"/> as a holder that crashed after claiming it with <paramref name="note"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="note">The dead holder's note.</param>
    public void Abandon(string key, string note)
    {
        lock (_lock)
        {
            _entries[key] = new Entry(EntryState.Abandoned, note);
        }
    }

    /// <inheritdoc />
    public Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.TryGetValue(key, out var entry);
            switch (entry?.State)
            {
                case EntryState.Done:
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone));
                case EntryState.Held:
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther));
                default:
                    // A taker keeps the abandoned note, as the host does: the note belongs to the effect.
                    _entries[key] = new Entry(EntryState.Held, entry?.Note ?? note);
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, entry?.Note));
            }
        }
    }

    /// <inheritdoc />
    public Task MarkDoneAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries[key] = new Entry(EntryState.Done, string.Empty);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }

        return Task.CompletedTask;
    }

    private enum EntryState
    {
        Held,
        Abandoned,
        Done,
    }

    private sealed record Entry(EntryState State, string Note);
}
