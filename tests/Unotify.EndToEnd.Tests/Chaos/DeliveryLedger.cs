using System.Collections.Concurrent;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>What the senders of a chaos run saw, delivery by delivery.</summary>
public sealed class DeliveryLedger
{
    /// <summary>Deliveries answered 202 (queued), at least once.</summary>
    public ConcurrentDictionary<string, int> Accepted { get; } = new(StringComparer.Ordinal);

    /// <summary>Deliveries answered 200 duplicate on a resend (the first answer was lost with the host).</summary>
    public ConcurrentDictionary<string, int> Duplicates { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers that are neither 202, 200 duplicate nor 503: each one is a failure of the run.</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    private int _storeUnavailable;
    private int _connectionLost;

    /// <summary>503 answers (the store was away), each followed by a resend.</summary>
    public int StoreUnavailable => Volatile.Read(ref _storeUnavailable);

    /// <summary>Requests that got no answer (the host died), each followed by a resend.</summary>
    public int ConnectionLost => Volatile.Read(ref _connectionLost);

    public void CountStoreUnavailable() => Interlocked.Increment(ref _storeUnavailable);

    public void CountConnectionLost() => Interlocked.Increment(ref _connectionLost);

    /// <summary>Deliveries that ended accepted or duplicate.</summary>
    public int Settled => Accepted.Count + Duplicates.Keys.Count(id => !Accepted.ContainsKey(id));

    public override string ToString() =>
        $"{Accepted.Count} answered 202, {Duplicates.Count} answered duplicate on a resend, {StoreUnavailable} answered 503 and resent, "
        + $"{ConnectionLost} unanswered and resent, {Unexpected.Count} unexpected";
}
