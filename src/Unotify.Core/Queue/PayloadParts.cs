using StackExchange.Redis;
using Unotify.Core.Storage;

namespace Unotify.Core.Queue;

/// <summary>Reads jobs whose payload is stored in parts (see <see cref="JobJson"/>), wherever the parts are kept, or in a payload file.</summary>
internal static class PayloadParts
{
    /// <summary>
    /// How many parts one read asks for: the parts of a read and the client's buffer of its reply are held beside the
    /// whole payload until they are copied into it, so a read of all of them at once held a large payload three times
    /// over (bench/README.md, "Payloads in parts").
    /// </summary>
    private const int PartsPerRead = 4;

    /// <summary>The key of part <paramref name="number"/> (from 1) of the parts named <paramref name="prefix"/>.</summary>
    public static RedisKey Key(string prefix, int number) => prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The keys of <paramref name="count"/> parts named <paramref name="prefix"/> and their number, from 1.</summary>
    public static IEnumerable<RedisKey> Keys(string prefix, int count) => Enumerable.Range(1, count).Select(number => Key(prefix, number));

    /// <summary>
    /// Reads the job stored as <paramref name="stored"/>: at once when its payload is inside it, otherwise after reading
    /// its parts, named <paramref name="partPrefix"/> and their number, a few at a time into one array, or its payload
    /// file (<see cref="RedisStore.PayloadFiles"/>).
    /// </summary>
    /// <param name="store">The store that keeps the parts.</param>
    /// <param name="stored">The job's stored form.</param>
    /// <param name="partPrefix">The prefix of its parts' keys.</param>
    /// <param name="operation">What the reads are for, in an error's message.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The job.</returns>
    /// <exception cref="InvalidDataException">The stored bytes are not a job, a part is missing or of the wrong size, or its file is missing or not its payload.</exception>
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    public static async Task<Job> ReadJobAsync(RedisStore store, byte[] stored, string partPrefix, string operation, CancellationToken cancellationToken)
    {
        if (JobJson.FileOf(stored) is var (file, fileBytes))
        {
            var files = store.PayloadFiles ?? throw new InvalidDataException(
                $"A stored job names payload file {file}, which only the embedded store keeps; it was written by a host running the embedded store on this data, not by one using UNOTIFY_REDIS.");
            return JobJson.DeserializeJoined(stored, await files.ReadAsync(file, fileBytes, cancellationToken).ConfigureAwait(false));
        }

        var (count, payloadBytes) = JobJson.PartsLayout(stored);
        if (count == 0)
        {
            return JobJson.Deserialize(stored);
        }

        var payload = GC.AllocateUninitializedArray<byte>(payloadBytes);
        for (var first = 1; first <= count; first += PartsPerRead)
        {
            var keys = new RedisKey[Math.Min(PartsPerRead, count - first + 1)];
            for (var k = 0; k < keys.Length; k++)
            {
                keys[k] = Key(partPrefix, first + k);
            }

            var values = await StoreCall.RunAsync(store, () => store.Database.StringGetAsync(keys), operation, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < values.Length; k++)
            {
                JobJson.CopyPart(payload, count, first + k, ((ReadOnlyMemory<byte>)values[k]).Span, missing: values[k].IsNull);
            }
        }

        return JobJson.DeserializeJoined(stored, payload);
    }
}
