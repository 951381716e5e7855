using System.Net.Sockets;
using StackExchange.Redis;

namespace Unotify.Core.Storage;

/// <summary>
/// Runs a Redis call, turning "cannot reach Redis" into <see cref="StoreUnavailableException"/>, honouring
/// cancellation, and telling the store's <see cref="StoreOutage"/> whether the store answered.
/// </summary>
internal static class StoreCall
{
    public static async Task<T> RunAsync<T>(RedisStore store, Func<Task<T>> call, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        T result;
        try
        {
            // StackExchange.Redis takes no token: stop waiting on cancellation (the command itself may still complete),
            // and never wait past the store's deadline (a timeout is an outage; see RedisStore.CallDeadline).
            result = await call().WaitAsync(store.CallDeadline, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            store.Outage.Failed(exception.Message);
            throw new StoreUnavailableException(
                $"Redis is unavailable: could not {operation} ({exception.Message}). Check that Redis is running and reachable; nothing was changed by this call.",
                exception);
        }

        store.Outage.Succeeded();
        return result;
    }

    public static async Task RunAsync(RedisStore store, Func<Task> call, string operation, CancellationToken cancellationToken) =>
        await RunAsync(
            store,
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            operation,
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A write and a PUBLISH about it in one pipelined batch (one round trip; Redis runs them in that order), so
    /// listeners hear of the write only once it is made.
    /// </summary>
    public static Task<T> WriteThenPublishAsync<T>(
        RedisStore store, Func<IBatch, Task<T>> write, RedisChannel channel, RedisValue message, string operation, CancellationToken cancellationToken) =>
        RunAsync(
            store,
            async () =>
            {
                var batch = store.Database.CreateBatch();
                var written = write(batch);
                var published = batch.PublishAsync(channel, message);
                batch.Execute();

                // Awaiting both observes both failures when the connection drops mid-batch.
                await Task.WhenAll(written, published).ConfigureAwait(false);
                return await written.ConfigureAwait(false);
            },
            operation,
            cancellationToken);

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or SocketException => true,
        // Replies of a server that is up but cannot serve the call yet: loading its data after a restart, a replica
        // without its master, a cluster that lost a node's slots (CLUSTERDOWN, until the node or its replica is back),
        // a multi-key call over a slot being migrated (TRYAGAIN).
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => false,
    };
}
