using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// The partitions of one worker's queue (<see cref="QueueOptions.Partitions"/>): each one's keys and follow-up outbox,
/// how many may hold jobs, and which one a fetch starts at.
/// </summary>
/// <remarks>
/// How many may hold jobs is the configured number, or more when the store records that more were routed over
/// (<see cref="WorkerKeys.PartitionsUsed"/>, written before the first job goes to a new partition and never lowered):
/// so lowering <c>partitions:</c> still drains the partitions left over, a replica learns of the partitions another one
/// routes to, and the dead-letter tools, which run without the worker's configuration, find every partition.
/// </remarks>
internal sealed class WorkerPartitions
{
    // How often a fetch reads the store's record of the partitions used: a replica learns of partitions another one
    // (with a larger `partitions:`) routes to, or that a lowered setting left behind, within this long.
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(30);

    private readonly RedisStore _store;
    private readonly string _worker;
    private readonly WorkerKeys?[] _keys = new WorkerKeys?[QueueOptions.MaxPartitions];
    private readonly FollowUpOutbox?[] _outboxes = new FollowUpOutbox?[QueueOptions.MaxPartitions];
    private readonly Lock _outboxesLock = new();
    private IReadOnlyList<Follower> _followers = [];
    private int _inUse;
    private long _readAt = long.MinValue; // store time, ms
    private int _nextStart = -1;
    private volatile bool _recorded;

    /// <summary>The partitions of <paramref name="worker"/>'s queue, <paramref name="configured"/> of them by its settings.</summary>
    public WorkerPartitions(RedisStore store, string worker, int configured)
    {
        _store = store;
        _worker = worker;
        Configured = configured;
        First = store.Keys.Worker(worker);
        _keys[0] = First;
        _inUse = configured;
    }

    /// <summary>How many partitions new deliveries are routed over.</summary>
    public int Configured { get; }

    /// <summary>The first partition's keys: the worker's own, and the only ones without partitions.</summary>
    public WorkerKeys First { get; }

    /// <summary>The workers that follow this one, handed to every partition's outbox.</summary>
    public IReadOnlyList<Follower> Followers
    {
        get => _followers;
        set
        {
            lock (_outboxesLock)
            {
                _followers = value;
                foreach (var outbox in _outboxes)
                {
                    outbox?.Followers = value;
                }
            }
        }
    }

    /// <summary>The keys of partition <paramref name="partition"/>.</summary>
    public WorkerKeys KeysOf(int partition) => _keys[partition] ??= _store.Keys.Worker(_worker, partition);

    /// <summary>The keys of the partition <paramref name="webhookEvent"/> is routed to.</summary>
    public WorkerKeys KeysOf(WebhookEvent webhookEvent) => KeysOf(QueuePartition.Of(webhookEvent, Configured));

    /// <summary>The follow-up outbox of partition <paramref name="partition"/>: a settle writes its follow-ups beside its job.</summary>
    public FollowUpOutbox OutboxOf(int partition)
    {
        if (_outboxes[partition] is { } existing)
        {
            return existing;
        }

        lock (_outboxesLock)
        {
            return _outboxes[partition] ??= new FollowUpOutbox(_store, _worker, KeysOf(partition), _store.DeduplicationWindow)
            {
                Followers = _followers,
            };
        }
    }

    /// <summary>Where the next fetch over <paramref name="partitions"/> starts: one further each time, so a backlog in one cannot starve the others.</summary>
    public int NextStart(int partitions) => (int)((uint)Interlocked.Increment(ref _nextStart) % (uint)partitions);

    /// <summary>
    /// How many partitions may hold jobs, read from the store (see the remarks).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of partitions to read.</returns>
    /// <exception cref="InvalidDataException">The store's record is not a partition count.</exception>
    public async Task<int> InUseAsync(CancellationToken cancellationToken)
    {
        var recorded = await StoreCall.RunAsync(
            _store,
            () => _store.Database.StringGetAsync(First.PartitionsUsed),
            $"read the partitions of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
        return Note(recorded.IsNull ? 1 : Parse(recorded.ToString()));
    }

    /// <summary>
    /// How many partitions a fetch walks: <see cref="InUseAsync"/> read again every <see cref="Recheck"/> of store time
    /// (the first fetch reads it). While the record cannot be read, the partitions known so far are fetched from.
    /// </summary>
    public async Task<int> ToFetchAsync(CancellationToken cancellationToken)
    {
        var now = _store.NowMilliseconds;
        if (_readAt != long.MinValue && now - _readAt < (long)Recheck.TotalMilliseconds)
        {
            return _inUse;
        }

        _readAt = now;
        try
        {
            return await InUseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // The first partition's node is away (StoreOutage has logged it): the partitions known so far are still
            // fetched from, and the record is read again at the next interval.
            return _inUse;
        }
    }

    /// <summary>
    /// Records, once per queue, that deliveries are routed over <see cref="Configured"/> partitions (when more than
    /// one), before the first of them is routed; nothing for a worker without partitions.
    /// </summary>
    /// <returns>A task that completes once the record is written.</returns>
    public Task RecordAsync() => Configured == 1 || _recorded ? Task.CompletedTask : WriteRecordAsync();

    private async Task WriteRecordAsync()
    {
        var used = await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(_store.ScriptText(QueueScripts.RecordPartitions), [First.PartitionsUsed], [Configured]),
            $"record the partitions of worker {_worker}",
            CancellationToken.None).ConfigureAwait(false);
        Note(Parse(used.ToString()));
        _recorded = true;
    }

    private int Note(int recorded)
    {
        var inUse = Math.Max(recorded, Configured);
        _inUse = inUse;
        return inUse;
    }

    private int Parse(string? recorded) =>
        int.TryParse(recorded, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= QueueOptions.MaxPartitions
            ? count
            : throw new InvalidDataException(
                $"The store's {First.PartitionsUsed} holds '{recorded}', not a partition count (1-{QueueOptions.MaxPartitions}); "
                + $"set it to the most 'partitions:' worker {_worker} was ever given (1 if never), or delete it if the worker's queue is empty.");
}
