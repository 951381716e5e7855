using System.Collections.Concurrent;
using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier.Tests;

/// <summary>
/// The host's idempotency store in memory: a key is free, claimed or done. Claims never expire here;
/// <see cref="Abandon"/> plays a holder that crashed between acting and marking.
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, (bool Done, string Note, bool Abandoned)> _keys = new(StringComparer.Ordinal);

    public bool IsDone(string key) => _keys.TryGetValue(key, out var entry) && entry.Done;

    public bool IsHeld(string key) => _keys.TryGetValue(key, out var entry) && !entry.Done && !entry.Abandoned;

    public void Abandon(string key, string note) => _keys[key] = (false, note, true);

    public Task<IdempotencyClaim> ClaimAsync(string key, string note, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_keys.TryGetValue(key, out var entry))
            {
                if (_keys.TryAdd(key, (false, note, false)))
                {
                    return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
                }

                continue;
            }

            if (entry.Done)
            {
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone));
            }

            if (!entry.Abandoned)
            {
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.HeldByOther));
            }

            if (_keys.TryUpdate(key, (false, note, false), entry))
            {
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, entry.Note));
            }
        }
    }

    public Task MarkDoneAsync(string key, CancellationToken cancellationToken)
    {
        _keys[key] = (true, string.Empty, false);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _keys.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
