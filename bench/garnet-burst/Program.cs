// Where do writers to the embedded store wait under a saturating burst? Writers (64 at once) put jobs of 25 KB into a
// Garnet started with the embedded store's options (src/Unotify.Core/Storage/EmbeddedGarnetServer.cs) through one
// Lua script each, as the door's route step does, and nothing takes them out, so the backlog grows to every job
// written. The script is one of:
//   Set       SET job (no index at all)
//   SortedSet SET job + ZADD due now id (the queue's index today: one sorted set that grows with the backlog)
//   Ring      SET job + INCR tail + SET slot:<tail> id (an index of string keys only: nothing grows but the keyspace)
//   Buckets   SET job + ZADD due:<job number / 2000> + ZADD buckets (the index split by arrival: a set stops growing
//             once 2,000 jobs are in it, and only the newest is written)
// It prints each writer's wait (p50, p99, max), the rate and the process's RSS, and the longest waits' times since the
// start, so that stalls can be set beside checkpoints and page flushes. The first 1,000 jobs are left out (warm-up).
// Usage: dotnet run -c Release -- <Set|SortedSet|Ring|Buckets> [<jobs>] [no-aof-size-limit] [no-compaction] [<extra Garnet arguments>...]
// It writes under the temporary folder and deletes it at the end (some 2.5 GB for 100,000 jobs).
using System.Diagnostics;
using Garnet;
using StackExchange.Redis;

var kind = args.Length > 0 ? args[0] : "SortedSet";
var jobs = args.Length > 1 ? int.Parse(args[1]) : 100_000;
var extra = args.Skip(2).ToArray();
var dir = Path.Combine(Path.GetTempPath(), "garnet-burst-" + kind + "-" + Guid.NewGuid().ToString("N")[..6]);
Directory.CreateDirectory(dir);
string[] arguments =
[
    "-q", "--bind", "127.0.0.1", "--port", "6498",
    "--lua", "--lua-transaction-mode",
    "--aof", "--recover",
    "--checkpointdir", Path.Combine(dir, "checkpoints"),
    "--checkpoint-freq", "300",
    "--device-type", "RandomAccess",
    "--storage-tier", "--logdir", Path.Combine(dir, "log"),
    "--memory", "64m",
    "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
    "--index", "16m", "--index-max-size", "256m",
    "--aof-memory", "16m", "--aof-page-size", "8m",
    "--aof-segment-size", "32m", "--segment", "64m",
    // "no-compaction" (the probe's own word) leaves out the compaction each checkpoint runs first.
    .. (extra.Contains("no-compaction") ? [] : new[] { "--compaction-type", "Lookup", "--compaction-freq", "0", "--compaction-max-segments", "2" }),
    // "no-aof-size-limit" (the probe's own word) leaves out the checkpoint taken whenever the AOF passes 64 MB.
    .. (extra.Contains("no-aof-size-limit") ? [] : new[] { "--aof-size-limit", "64m" }),
    .. extra.Where(a => a is not "no-aof-size-limit" and not "no-compaction"),
];
var server = new GarnetServer(arguments);
server.Start();
var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6498");
var db = redis.GetDatabase();
var script = LuaScript.Prepare(kind switch
{
    "Set" => "redis.call('SET', @job, @body); return 1",
    "SortedSet" => "redis.call('SET', @job, @body); redis.call('ZADD', @due, @score, @id); return 1",
    "Ring" => "redis.call('SET', @job, @body); local n = redis.call('INCR', @tail); redis.call('SET', @slot .. n, @id); return 1",
    "Buckets" => "redis.call('SET', @job, @body); local b = math.floor(@score / 2000); redis.call('ZADD', @due .. ':' .. b, @score, @id); redis.call('ZADD', @buckets, b, b); return 1",
    _ => throw new ArgumentException("kind is Set, SortedSet, Ring or Buckets"),
});
var body = new byte[25 * 1024];
Random.Shared.NextBytes(body);
var waits = new double[jobs];
var startedAt = new double[jobs];
long next = -1;
var clock = Stopwatch.StartNew();
var peakRss = 0L;
var sampler = Task.Run(async () =>
{
    while (Volatile.Read(ref next) < jobs)
    {
        peakRss = Math.Max(peakRss, Process.GetCurrentProcess().WorkingSet64);
        await Task.Delay(250);
    }
});
var writers = Enumerable.Range(0, 64).Select(async _ =>
{
    for (var i = Interlocked.Increment(ref next); i < jobs; i = Interlocked.Increment(ref next))
    {
        var id = "j" + i;
        var begun = clock.Elapsed.TotalMilliseconds;
        await db.ScriptEvaluateAsync(script, new
        {
            job = (RedisKey)("{q}job:" + id),
            body,
            due = (RedisKey)"{q}due",
            score = (double)i,
            id,
            tail = (RedisKey)"{q}tail",
            buckets = (RedisKey)"{q}buckets",
            slot = "{q}slot:",
        });
        startedAt[i] = begun / 1000;
        waits[i] = clock.Elapsed.TotalMilliseconds - begun;
    }
}).ToArray();
await Task.WhenAll(writers);
var seconds = clock.Elapsed.TotalSeconds;
await sampler;
// The first 1,000 are the warm-up (the script's first load, the JIT): left out of the figures.
const int warmUp = 1000;
var sorted = waits.Skip(warmUp).Order().ToArray();
double At(double q) => sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
Console.WriteLine($"{kind,-9} {string.Join(' ', extra)}: {jobs} jobs in {seconds:F1} s ({jobs / seconds:F0}/s), wait p50 {At(0.5):F1} ms, p99 {At(0.99):F1} ms, p99.9 {At(0.999):F1} ms, max {sorted[^1]:F0} ms, peak RSS {peakRss / 1048576} MB");
var longest = Enumerable.Range(warmUp, jobs - warmUp).OrderByDescending(i => waits[i]).Take(8).OrderBy(i => startedAt[i]);
Console.WriteLine("  longest waits (started at s: ms): " + string.Join(", ", longest.Select(i => $"{startedAt[i]:F1}: {waits[i]:F0}")));
var over100 = waits.Skip(warmUp).Count(w => w > 100);
Console.WriteLine($"  waits over 100 ms: {over100}; GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all, longest recent pauses (ms) gen2 {LongestPause(GCKind.FullBlocking)} background {LongestPause(GCKind.Background)} ephemeral {LongestPause(GCKind.Ephemeral)}");
static string LongestPause(GCKind kind)
{
    var info = GC.GetGCMemoryInfo(kind);
    return info.Index == 0 ? "-" : $"{info.PauseDurations[0].TotalMilliseconds:F0}";
}
redis.Dispose();
// Garnet 2.2.12's Dispose waits for a checkpoint's compaction to end, which was once seen waiting for a read that
// never completed: say so and stop, rather than hang.
var disposed = Task.Run(server.Dispose);
if (await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(30))) != disposed)
{
    Console.WriteLine($"  the server did not stop within 30 s (a checkpoint's compaction still running?); its files are left in {dir}");
    Environment.Exit(3);
}
Directory.Delete(dir, recursive: true);
