using StackExchange.Redis;
using Unotify.Core.Storage;

namespace Unotify.Core.Queue;

/// <summary>Reads the parts of payloads stored in parts (see <see cref="JobJson"/>), wherever they are kept.</summary>
internal static class PayloadParts
{
    /// <summary>The keys of <paramref name="count"/> parts named <paramref name="prefix"/> and their number, from 1.</summary>
    public static IEnumerable<RedisKey> Keys(string prefix, int count) =>
        Enumerable.Range(1, count).Select(number => (RedisKey)(prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The values of <paramref name="keys"/> in one plain <c>MGET</c>, a missing one <see langword="null"/>.</summary>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    public static async Task<byte[]?[]> ReadAsync(RedisStore store, RedisKey[] keys, string operation, CancellationToken cancellationToken)
    {
        var values = await StoreCall.RunAsync(store, () => store.Database.StringGetAsync(keys), operation, cancellationToken).ConfigureAwait(false);
        return [.. values.Select(value => (byte[]?)value)];
    }
}
