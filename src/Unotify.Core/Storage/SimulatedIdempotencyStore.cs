using Unotify.Sdk;

namespace Unotify.Core.Storage;

/// <summary>
/// The idempotency store of a simulation: it answers from the worker's real marks (a ticket already done for the
/// delivery is <see cref="IdempotencyClaimStatus.AlreadyDone"/>, an unfinished claim hands its note on) but records
/// nothing, so simulating a delivery changes no mark.
/// </summary>
internal sealed class SimulatedIdempotencyStore(RedisStore store, string worker) : IIdempotencyStore
{
    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimAsync(string key, string note, CancellationToken cancellationToken)
    {
        var fields = await StoreCall.RunAsync(
            store,
            () => store.Database.HashGetAsync(store.Keys.Worker(worker).Idempotency(key), ["state", "note"]),
            $"read idempotency key {key} of worker {worker}",
            cancellationToken).ConfigureAwait(false);
        return fields[0] == "done"
            ? new IdempotencyClaim(IdempotencyClaimStatus.AlreadyDone)
            : new IdempotencyClaim(IdempotencyClaimStatus.Claimed, fields[0] == "claimed" && !fields[1].IsNull ? (string?)fields[1] : null);
    }

    /// <inheritdoc />
    public Task MarkDoneAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ReleaseAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
}
