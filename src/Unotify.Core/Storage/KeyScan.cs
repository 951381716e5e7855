using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Unotify.Core.Storage;

/// <summary>
/// Every key of a one-node store (the embedded Garnet), in pages, by <c>SCAN</c>: how the embedded store's background
/// sweeps (<see cref="PayloadFileSweeper"/>, <see cref="ExpiredKeyReaper"/>) read it. A key written or deleted during the
/// scan may or may not be seen, and one may be seen twice; a key past its time to live is not listed.
/// </summary>
internal static class KeyScan
{
    /// <summary>The store's keys, <paramref name="pageSize"/> at a time (the last page may be shorter; none is empty).</summary>
    /// <param name="store">The store.</param>
    /// <param name="pageSize">How many keys a page holds, and one <c>SCAN</c> step asks for.</param>
    /// <param name="purpose">What the scan is for, for the message when the store is not connected.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="StoreUnavailableException">The store is not connected.</exception>
    public static async IAsyncEnumerable<List<RedisKey>> PagesAsync(RedisStore store, int pageSize, string purpose, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var server = store.Connection.GetServers().FirstOrDefault(candidate => candidate.IsConnected && !candidate.IsReplica)
            ?? throw new StoreUnavailableException($"The embedded store is not connected; {purpose} when it is.");
        var page = new List<RedisKey>(pageSize);
        await foreach (var key in server.KeysAsync(pattern: default, pageSize: pageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            page.Add(key);
            if (page.Count == pageSize)
            {
                yield return page;
                page = new List<RedisKey>(pageSize);
            }
        }

        if (page.Count > 0)
        {
            yield return page;
        }
    }
}
