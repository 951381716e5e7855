using StackExchange.Redis;

namespace Unotify.Testing.Redis;

/// <summary>Subscribing from a test right after a store was opened.</summary>
/// <remarks>
/// StackExchange.Redis answers "No connection is active/available to service this operation: SUBSCRIBE" until the
/// connection's subscription channel is up; a test must not fail on that race, which production code meets as an
/// outage and polls through. A failed SUBSCRIBE still leaves its handler registered on the multiplexer, so trying
/// again blindly would hear every message twice: these helpers wait for the channel's server first and take a failed
/// attempt's handler back before the next one.
/// </remarks>
public static class Subscriptions
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="channel"/> once, when the subscription connection is up.</summary>
    public static async Task SubscribeWhenReadyAsync(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(handler);
        await SubscribeWhenReadyAsync(
            subscriber,
            channel,
            async () =>
            {
                await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
                return true;
            },
            () => subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget)).ConfigureAwait(false);
    }

    /// <summary>Subscribes to <paramref name="channel"/> with a message queue, when the subscription connection is up.</summary>
    public static Task<ChannelMessageQueue> SubscribeWhenReadyAsync(ISubscriber subscriber, RedisChannel channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);

        // A refused attempt's queue stays registered but is never handed back, so it cannot be taken back; it only
        // buffers messages nobody reads, and the queue returned is the one the test reads.
        return SubscribeWhenReadyAsync(subscriber, channel, () => subscriber.SubscribeAsync(channel), takeBack: null);
    }

    private static async Task<T> SubscribeWhenReadyAsync<T>(ISubscriber subscriber, RedisChannel channel, Func<Task<T>> subscribe, Action? takeBack)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!subscriber.IsConnected(channel) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        while (true)
        {
            try
            {
                return await subscribe().ConfigureAwait(false);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                if (takeBack is not null)
                {
                    TakeBack(takeBack);
                }
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    private static void TakeBack(Action takeBack)
    {
        try
        {
            takeBack();
        }
        catch (RedisConnectionException)
        {
            // The multiplexer removes the handler locally before it sends UNSUBSCRIBE; with no connection up that
            // send fails, and there is no server-side subscription to end because SUBSCRIBE never reached one.
        }
    }
}
