using StackExchange.Redis;

namespace Unotify.Testing.Redis;

/// <summary>Subscribing from a test right after a store was opened.</summary>
public static class Subscriptions
{
    /// <summary>
    /// Subscribes, trying again for up to ten seconds while the connection's subscription channel is still coming up
    /// (StackExchange.Redis answers "No connection is active/available to service this operation: SUBSCRIBE" until
    /// it is): a test must not fail on that race, which production code meets as an outage and polls through.
    /// </summary>
    public static async Task<T> SubscribeWhenReadyAsync<T>(Func<Task<T>> subscribe)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return await subscribe().ConfigureAwait(false);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }
}
