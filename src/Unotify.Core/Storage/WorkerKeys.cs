namespace Unotify.Core.Storage;

/// <summary>One worker's keys; they share a hash tag so a script may touch them all. Each fixed key is built once, when the keys are.</summary>
/// <param name="Root">The prefix and hash tag, e.g. <c>unotify:{w:atlassian}</c>.</param>
internal sealed record WorkerKeys(string Root)
{
    /// <summary>
    /// The first due set: a sorted set of job ids by due time (ms), ready jobs with a score ≤ now and delayed ones later.
    /// It holds every due job while it has fewer than <see cref="DueFirstSetMost"/>; a job made due while it is that full
    /// goes to its overflow set (<see cref="DueOverflowOf"/>) instead.
    /// </summary>
    public string Due { get; } = $"{Root}:due";

    /// <summary>
    /// How many ids the first due set takes before jobs spill into the overflow sets (<c>DUE_SPILL</c> in
    /// <c>QueueScripts.DueFunctions</c>). A backlog (an outage of the service a processor calls) would otherwise grow one
    /// set per partition without bound, and one large set stalls the embedded Garnet's compaction (bench/README.md, "One
    /// large object stalls Garnet's compaction"): sets of about 1,000 never did. Spilling only past it keeps a fetch of a
    /// queue that keeps up to one set, as before.
    /// </summary>
    public const int DueFirstSetMost = 1_000;

    /// <summary>How many overflow sets a partition's backlog spreads over past <see cref="DueFirstSetMost"/>: 16 keep a backlog of 17,000 in sets of about 1,000.</summary>
    public const int DueOverflowSetCount = 16;

    /// <summary>The overflow due set of job <paramref name="id"/> (see <see cref="Due"/>).</summary>
    public string DueOverflowOf(string id) => DueOverflowSets[DueOverflowBucketOf(id)];

    /// <summary>The <see cref="DueOverflowSetCount"/> overflow due sets, by bucket.</summary>
    public IReadOnlyList<string> DueOverflowSets { get; } = [.. Enumerable.Range(0, DueOverflowSetCount).Select(bucket => $"{Root}:due:{bucket}")];

    /// <summary>Every set that may hold due job ids: <see cref="Due"/> first, then the <see cref="DueOverflowSets"/>.</summary>
    public IReadOnlyList<string> DueSets => _dueSets ??= [Due, .. DueOverflowSets];

    private IReadOnlyList<string>? _dueSets;

    /// <summary>
    /// The overflow set bucket of job <paramref name="id"/>: h = (h · 31 + byte) mod 1,000,003 over its UTF-8 bytes,
    /// then h mod <see cref="DueOverflowSetCount"/>. Not <see cref="KeySpace.Bucket"/>'s FNV-1a, because the queue's
    /// scripts pick the set themselves for ids they read (an expired lease, a replayed dead letter), and FNV-1a's 32-bit
    /// products do not fit the 53 bits of redis-server's Lua numbers; <c>QueueScripts.DueFunctions</c> computes the
    /// same, and a test holds the two together. Changing it strands what a store already holds.
    /// </summary>
    public static int DueOverflowBucketOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 0L;
        foreach (var value in System.Text.Encoding.UTF8.GetBytes(id))
        {
            hash = ((hash * 31) + value) % 1_000_003;
        }

        return (int)(hash % DueOverflowSetCount);
    }

    /// <summary>Sorted set of leased job ids by lease expiry (ms).</summary>
    public string Leased { get; } = $"{Root}:leased";

    /// <summary>
    /// Prefix of the string keys that hold stored jobs, one key per job id. One key per job rather than one hash of
    /// them all lets a store that tiers to disk (the embedded Garnet) evict a queued job on its own; a hash is one
    /// object that only moves as a whole.
    /// </summary>
    public string JobPrefix { get; } = $"{Root}:job:";

    /// <summary>The string key holding job <paramref name="id"/>.</summary>
    public string Job(string id) => JobPrefix + id;

    /// <summary>
    /// A string key holding a large job's stored form on its way into place (see <c>QueueScripts.Staged</c>): written
    /// with an expiry, so that one whose script never ran goes away by itself; the script renames it to its job or dead
    /// job key. <paramref name="name"/> is the new job's id, or a leased job's id and token, so that two settles of one
    /// job never share one.
    /// </summary>
    public string Staged(string name) => StagedPrefix + name;

    /// <summary>Prefix of every staging key; a script appends a name.</summary>
    public string StagedPrefix { get; } = $"{Root}:staged:";

    /// <summary>
    /// Prefix of the staging keys of job <paramref name="id"/>'s payload parts, numbered from 1: written with an expiry
    /// beside the script that renames them to <see cref="PartPrefix"/>.
    /// </summary>
    public string StagedPartPrefix(string id) => StagedPrefix + id + ":";

    /// <summary>
    /// Prefix of the string keys holding the parts of job <paramref name="id"/>'s payload when it is stored in parts
    /// (<c>Queue.JobJson.PartBytes</c>), numbered from 1. Named after the job, not its state: they stay where they are
    /// while the job is retried, dead-lettered and replayed, and go when the job does.
    /// </summary>
    public string PartPrefix(string id) => PartsPrefix + id + ":";

    /// <summary>Prefix of every job's part keys; a script appends the job's id, ':' and the part's number.</summary>
    public string PartsPrefix { get; } = $"{Root}:part:";

    /// <summary>Hash job id → the current lease's token (fencing).</summary>
    public string Tokens { get; } = $"{Root}:tokens";

    /// <summary>
    /// Hash job id → attempts started, as releases before <see cref="AttemptPrefix"/> kept them: a job's next fetch moves
    /// its count to its own key. One hash of every job tried and not yet settled grew with a retried backlog, and a large
    /// object stops the embedded Garnet's checkpoints (bench/README.md).
    /// </summary>
    public string Attempts { get; } = $"{Root}:attempts";

    /// <summary>
    /// Prefix of the string keys counting the attempts started on each job: incremented by every fetch of it, lowered when
    /// an attempt is given back, deleted when the job is settled; a script appends the job's id.
    /// </summary>
    public string AttemptPrefix { get; } = $"{Root}:attempt:";

    /// <summary>The string key counting the attempts started on job <paramref name="id"/>.</summary>
    public string Attempt(string id) => AttemptPrefix + id;

    /// <summary>
    /// Sorted set of dead job ids by when they died (ms), as releases before <see cref="DeadSets"/> wrote them: read,
    /// replayed and purged like the others, never written.
    /// </summary>
    public string Dead { get; } = $"{Root}:dead";

    /// <summary>
    /// How many sorted sets the dead letters are spread over, by a hash of the job id: dead letters stay until someone
    /// replays or purges them, and one large set stalls the embedded Garnet's compaction (bench/README.md, "One large
    /// object stalls Garnet's compaction"); 16 keep 10,000 dead letters in sets of ~600.
    /// </summary>
    public const int DeadSetCount = 16;

    /// <summary>The sorted set of dead job ids by when they died (ms) that holds job <paramref name="id"/>.</summary>
    public string DeadSetOf(string id) => DeadSets[1 + KeySpace.Bucket(id, DeadSetCount)];

    /// <summary>Every set that may hold dead job ids: <see cref="Dead"/> first, then the <see cref="DeadSetCount"/> buckets.</summary>
    public IReadOnlyList<string> DeadSets { get; } =
        [$"{Root}:dead", .. Enumerable.Range(0, DeadSetCount).Select(bucket => $"{Root}:dead:{bucket}")];

    /// <summary>Prefix of the string keys that hold dead jobs, one key per job id.</summary>
    public string DeadJobPrefix { get; } = $"{Root}:deadjob:";

    /// <summary>The string key holding dead job <paramref name="id"/>.</summary>
    public string DeadJob(string id) => DeadJobPrefix + id;

    /// <summary>
    /// Hash follow-up job id → stored job: the jobs this worker's settles queued for the workers that follow it
    /// (<c>after:</c>), written by the settle's own script and moved to each follower's queue by the relay.
    /// </summary>
    public string Outbox { get; } = $"{Root}:outbox";

    /// <summary>
    /// String: the most partitions the worker's queue was ever routed over, when more than one (absent otherwise); kept
    /// in the first partition's keys, so that whoever reads the queue without its configuration (the dead-letter
    /// tools, a replica whose <c>partitions:</c> was lowered) still finds every partition that may hold jobs.
    /// </summary>
    public string PartitionsUsed { get; } = $"{Root}:partitions";

    /// <summary>Pub/sub channel that wakes idle consumers.</summary>
    public string WakeChannel { get; } = $"{Root}:wake";

    /// <summary>The de-duplication mark of a delivery: its job's id, or <c>settled</c> once the job was acknowledged.</summary>
    public string Seen(string provider, string repoId, string deliveryId) => $"{Root}:seen:{KeySpace.DeliveryKey(provider, repoId, deliveryId)}";

    /// <summary>Hash: the worker's circuit (state, failures in a row, cool-down, until, opened-at, probes, reason); absent while closed with no failures.</summary>
    public string Circuit { get; } = $"{Root}:circuit";

    /// <summary>Hash: the worker's request rate token bucket (tokens, last refill ms, paused-until ms).</summary>
    public string Rate { get; } = $"{Root}:rate";

    public string Idempotency(string key) => $"{Root}:idem:{key}";

    public string Cache(string key) => $"{Root}:cache:{key}";

    /// <summary>Keys are equal when their root is: every key is built from it (a record would compare <see cref="DueOverflowSets"/> and <see cref="DeadSets"/> by reference).</summary>
    public bool Equals(WorkerKeys? other) => other is not null && string.Equals(Root, other.Root, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => Root.GetHashCode(StringComparison.Ordinal);
}
