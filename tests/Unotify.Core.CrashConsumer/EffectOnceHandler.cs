using StackExchange.Redis;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.CrashConsumer;

/// <summary>
/// The job's effect, done once through the idempotency store (claim → act → mark): increments a counter key. With
/// <c>hangAfterEffect</c> it then hangs, to be killed between the effect and the ack.
/// </summary>
public sealed class EffectOnceHandler(RedisStore store, IDatabase database, string counterKey, bool hangAfterEffect, TextWriter log) : IJobHandler
{
    /// <inheritdoc />
    public async Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken)
    {
        var job = leased.Job;
        var idempotency = new RedisIdempotencyStore(store, job.Worker, leased);
        var key = $"{job.Event.DeliveryId}:effect";
        var claim = await idempotency.ClaimAsync(key, "increment the counter", cancellationToken);
        await log.WriteLineAsync($"attempt {job.Attempt}: {claim.Status}");
        if (claim.Status == IdempotencyClaimStatus.Claimed)
        {
            await database.StringIncrementAsync(counterKey);
            await idempotency.MarkDoneAsync(key, cancellationToken);
            await log.WriteLineAsync("effect-done");
            await log.FlushAsync(cancellationToken);
        }

        if (hangAfterEffect)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return ProcessingResult.Done($"attempt {job.Attempt}: {claim.Status}");
    }
}
