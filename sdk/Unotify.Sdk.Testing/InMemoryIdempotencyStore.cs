namespace Unotify.Sdk.Testing;

/// <summary>
/// The host's idempotency store in memory, for tests: a key is free, claimed or done. Thread-safe.
/// </summary>
/// <remarks>
/// Claims belong to one attempt, as in the host: they hold until marked or released, and claiming a held key again
/// grants it. <see cref="EndAttempt"/> plays the attempt ending without marking (its worker died, or it asked for a
/// retry), so the next <see cref="ClaimAsync"/> is granted with <see cref="IdempotencyClaim.AbandonedNote"/> set and
/// the note kept; <see cref="Abandon"/> sets up such a key directly, and <see cref="HoldElsewhere"/> one that a live
/// attempt of another job holds.
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

    /// <summary>Leaves <paramref name="key"/> claimed by a live attempt of another job: claims answer <see cref="IdempotencyClaimStatus.HeldByOther"/>.</summary>
    /// <param name="key">The key.</param>
    public void HoldElsewhere(string key)
    {
        lock (_lock)
        {
            _entries[key] = new Entry(EntryState.HeldElsewhere, "held elsewhere");
        }
    }

    /// <summary>
    /// Ends the attempt that holds the claims (its worker died, or it returned a retry): every claim neither marked nor
    /// released is abandoned, keeping its note, as the host abandons a claim when its attempt's lease ends.
    /// </summary>
    public void EndAttempt()
    {
        lock (_lock)
        {
            foreach (var (key, entry) in _entries.Where(pair => pair.Value.State == EntryState.Held).ToList())
            {
                _entries[key] = entry with { State = EntryState.Abandoned };
            }
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
                case EntryState.HeldElsewhere:
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther));
                case EntryState.Held:
                    // The attempt that holds it claims again (the host's claims belong to one attempt at a time).
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
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
        HeldElsewhere,
        Abandoned,
        Done,
    }

    private sealed record Entry(EntryState State, string Note);
}
