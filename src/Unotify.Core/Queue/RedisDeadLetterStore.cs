using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// The dead letters of the configured workers, in each worker's <c>dead</c> sorted set and one <c>deadjob:ID</c> key
/// per job. Reads them itself; replay and purge are writes, made by each worker's <see cref="RedisWorkerQueue"/>.
/// </summary>
public sealed class RedisDeadLetterStore : IDeadLetterStore
{
    private const int BatchSize = 500;
    private const int MaxListCount = 1000;
    private const string UnreadableMark = "(unreadable)";
    private readonly RedisStore _store;
    private readonly Dictionary<string, RedisWorkerQueue> _queues;

    /// <summary>Creates the store for <paramref name="workers"/>; any other worker name is rejected.</summary>
    /// <param name="store">The store.</param>
    /// <param name="workers">The configured workers' names.</param>
    public RedisDeadLetterStore(RedisStore store, IEnumerable<string> workers)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        ArgumentNullException.ThrowIfNull(workers);
        _queues = new Dictionary<string, RedisWorkerQueue>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            _queues[worker] = new RedisWorkerQueue(store, worker);
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Workers => _queues.Keys;

    /// <inheritdoc />
    /// <remarks>
    /// Dead letters are spread over sets (<see cref="WorkerKeys.DeadSets"/>) and, with partitions, over each partition's:
    /// every set's newest <paramref name="offset"/> + <paramref name="count"/> are read in one batch per partition,
    /// merged newest first, and the page cut from them.
    /// </remarks>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string worker, int offset, int count, CancellationToken cancellationToken)
    {
        var queue = QueueOf(worker);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxListCount);
        var partitions = await queue.PartitionsInUseAsync(cancellationToken).ConfigureAwait(false);
        var ranked = new List<(SortedSetEntry Entry, int Partition)>();
        for (var partition = 0; partition < partitions; partition++)
        {
            var keys = queue.KeysOf(partition);
            var sets = await StoreCall.RunAsync(
                _store,
                () =>
                {
                    var batch = _store.Database.CreateBatch();
                    var reads = keys.DeadSets.Select(set => batch.SortedSetRangeByRankWithScoresAsync(set, 0, offset + count - 1, Order.Descending)).ToList();
                    batch.Execute();
                    return Task.WhenAll(reads);
                },
                $"list dead letters of worker {worker}",
                cancellationToken).ConfigureAwait(false);
            var inPartition = partition;
            ranked.AddRange(sets.SelectMany(entries => entries).Select(entry => (entry, inPartition)));
        }

        List<(SortedSetEntry Entry, int Partition)> page = [.. ranked
            .OrderByDescending(item => item.Entry.Score)
            .ThenByDescending(item => (string)item.Entry.Element!, StringComparer.Ordinal)
            .Skip(offset)
            .Take(count)];
        var values = new RedisValue[page.Count];
        foreach (var group in page.Select((item, index) => (item.Entry, item.Partition, Index: index)).GroupBy(item => item.Partition))
        {
            // One read per partition: the dead jobs of one partition share its hash slot.
            var keys = queue.KeysOf(group.Key);
            var read = await StoreCall.RunAsync(
                _store,
                () => _store.Database.StringGetAsync(group.Select(item => (RedisKey)keys.DeadJob((string)item.Entry.Element!)).ToArray()),
                $"read dead letters of worker {worker}",
                cancellationToken).ConfigureAwait(false);
            foreach (var (item, value) in group.Zip(read))
            {
                values[item.Index] = value;
            }
        }

        var letters = new List<DeadLetter>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            if (values[i].IsNull)
            {
                continue; // replayed or purged between the two reads (or a purge cut short by a crash)
            }

            letters.Add(Read(worker, (string)page[i].Entry.Element!, (byte[])values[i]!, DateTimeOffset.FromUnixTimeMilliseconds((long)page[i].Entry.Score)));
        }

        return letters;
    }

    /// <inheritdoc />
    public async Task<bool> ReplayAsync(string worker, string jobId, CancellationToken cancellationToken)
    {
        var queue = QueueOf(worker);
        StoreArguments.Id(jobId, nameof(jobId));
        return await queue.ReplayAsync(jobId, BatchSize, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<int> ReplayAllAsync(string worker, CancellationToken cancellationToken)
    {
        var queue = QueueOf(worker);
        var total = 0;
        while (true)
        {
            var replayed = await queue.ReplayAsync("", BatchSize, cancellationToken).ConfigureAwait(false);
            total += replayed;
            if (replayed < BatchSize)
            {
                return total;
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> PurgeAsync(string worker, CancellationToken cancellationToken)
    {
        var queue = QueueOf(worker);
        var total = 0;
        while (true)
        {
            // In batches, so purging a large backlog of dead letters never holds Redis in one long script.
            var purged = await queue.PurgeAsync(BatchSize, cancellationToken).ConfigureAwait(false);
            total += purged;
            if (purged < BatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// The dead letter, or for stored bytes that are not a job (the fetch dead-letters those unchanged) a placeholder
    /// marked "(unreadable)" that names the job and says why, so one bad entry cannot break the listing. Replay and purge
    /// work on it as on any dead letter; replaying queues the same bytes again, so the next fetch dead-letters it again.
    /// A job whose payload is stored in parts is listed without it (its payload is empty): a listing never reads 25 MB
    /// an entry.
    /// </summary>
    private static DeadLetter Read(string worker, string jobId, byte[] stored, DateTimeOffset deadAt)
    {
        Job job;
        try
        {
            job = JobJson.DeserializeWithoutParts(stored);
        }
        catch (InvalidDataException exception)
        {
            var unreadable = new WebhookEvent
            {
                DeliveryId = UnreadableMark,
                Provider = UnreadableMark,
                RepoId = UnreadableMark,
                Kind = UnreadableMark,
                ReceivedAt = deadAt,
            };
            return new DeadLetter(
                new Job(jobId, worker, unreadable, 0, deadAt, null),
                $"The stored job could not be read, so it never reached a processor: {exception.Message}",
                0,
                deadAt);
        }

        return new DeadLetter(job, job.LastError ?? "", job.Attempt, deadAt);
    }

    private RedisWorkerQueue QueueOf(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return _queues.TryGetValue(worker, out var queue)
            ? queue
            : throw new ArgumentException(
                $"Unknown worker '{worker}'; the configured workers are: {string.Join(", ", _queues.Keys.Order(StringComparer.Ordinal))}.", nameof(worker));
    }
}
