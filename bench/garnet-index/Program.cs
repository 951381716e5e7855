// How large may one object (a sorted set, as the history's index and a worker's due index are) grow before Garnet's
// compaction at a checkpoint stops finishing? A Garnet with the embedded store's options (the test sizes: 8 MB log
// segments, 16 MB AOF limit) holds one sorted set of <entries> members; each round adds 1,000 and pushes 40 MB of
// values through the log (written, then deleted), which asks for a checkpoint (compaction first) by the AOF's size.
// Every round prints the AOF's and the object log's size on disk and the sorted set's serialized size (DUMP):
// a checkpoint that finished truncates the AOF, one that never finishes leaves it growing.
// Usage: dotnet run -c Release -- <entries> [<rounds> [<sets> [any Garnet argument, e.g. --page 8m]]]
// With <sets> above 1 the entries are spread over that many sorted sets (each holds entries / sets). The word "hash"
// among the Garnet arguments makes the objects hashes (field: the member, value: a small count, as a worker's attempts
// hash held) instead of sorted sets; the word "strings" makes every member a string key of its own holding a small
// count (as a worker's per-job attempt keys are) instead of an entry of an object. The word "watch" reads every
// object's size over and over while the rounds run and counts the reads that came back smaller than the object had been before the round (sizes only grow here), then
// checks that no entry is missing at the end: whether a read that misses during a checkpoint also loses what is
// written in that moment. With "watch-write" each read is a script that reads a sorted set's size and adds an entry
// to it in the same step, as the queue's route does; with "watch-script" each read is a script that only reads it; with
// "watch-add" each read follows a plain ZADD of an entry to the set.
using System.Diagnostics;
using Garnet;
using StackExchange.Redis;

var entries = args.Length > 0 ? int.Parse(args[0]) : 150_000;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 12;
var sets = args.Length > 2 ? int.Parse(args[2]) : 1;
// What each entry is: a member of a sorted set, a field of a hash, or a string key of its own.
var kind = args.Skip(3).FirstOrDefault(a => a is "hash" or "strings") ?? "sorted set";
string[] watchModes = ["watch", "watch-script", "watch-write", "watch-add"];
var watchMode = args.Skip(3).FirstOrDefault(watchModes.Contains);
var (watch, watchScript, watchWrite, watchAdd) = (watchMode is not null, watchMode == "watch-script", watchMode == "watch-write", watchMode == "watch-add");
if (kind == "strings" && watchMode is not null)
{
    Console.Error.WriteLine("watch modes read objects' sizes; they do not go with strings");
    Environment.Exit(2);
}

var extra = args.Skip(3).Where(a => a != kind && !watchModes.Contains(a)).ToArray();
var dir = Path.Combine(Path.GetTempPath(), "garnet-index-" + Guid.NewGuid().ToString("N")[..6]);
Directory.CreateDirectory(dir);
string[] defaults =
[
    "-q", "--bind", "127.0.0.1", "--port", "6498",
    "--lua", "--lua-transaction-mode",
    "--aof", "--recover",
    "--checkpointdir", Path.Combine(dir, "checkpoints"),
    "--checkpoint-freq", "600",
    "--device-type", "RandomAccess",
    "--storage-tier", "--logdir", Path.Combine(dir, "log"),
    "--memory", "64m",
    "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
    "--index", "16m", "--index-max-size", "256m",
    "--aof-memory", "16m", "--aof-page-size", "8m",
    "--aof-segment-size", "8m", "--segment", "8m", "--object-log-segment", "8m",
    "--compaction-type", "Lookup", "--compaction-freq", "0", "--compaction-max-segments", "2",
    "--aof-size-limit", "16m",
];
// A later argument replaces an earlier one of the same name.
var overridden = extra.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
var arguments = new List<string>();
for (var i = 0; i < defaults.Length; i++)
{
    if (overridden.Contains(defaults[i]))
    {
        while (i + 1 < defaults.Length && !defaults[i + 1].StartsWith('-')) i++;
        continue;
    }
    arguments.Add(defaults[i]);
}
arguments.AddRange(extra);
Console.WriteLine("garnet " + string.Join(' ', arguments.Where(a => !a.StartsWith('/'))));
var server = new GarnetServer(arguments.ToArray());
server.Start();
var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6498,syncTimeout=60000,asyncTimeout=60000");
var db = redis.GetDatabase();
static SortedSetEntry[] Members(int from, int count) =>
    Enumerable.Range(from, count).Select(n => new SortedSetEntry($"github:4242:delivery-{n:D8}", n)).ToArray();
string Set(int n) => sets == 1 ? "index" : $"index:{n % sets}";
async Task<long> SizeAsync(string key) => kind == "hash" ? await db.HashLengthAsync(key) : await db.SortedSetLengthAsync(key);
Task Add(string key, SortedSetEntry[] members) => kind switch
{
    "strings" => db.StringSetAsync(members.Select(m => new KeyValuePair<RedisKey, RedisValue>($"{key}:{m.Element}", (int)m.Score % 7 + 1)).ToArray()),
    "hash" => db.HashSetAsync(key, members.Select(m => new HashEntry(m.Element, (int)m.Score % 7 + 1)).ToArray()),
    _ => db.SortedSetAddAsync(key, members),
};

for (var from = 0; from < entries; from += 10_000)
{
    var batch = Members(from, Math.Min(10_000, entries - from));
    foreach (var group in batch.GroupBy(e => Set((int)e.Score)))
    {
        await Add(group.Key, group.ToArray());
    }
}

var first = kind == "strings" ? entries / sets : await SizeAsync(Set(0));
Console.WriteLine($"{entries:N0} entries in {sets} {kind switch { "strings" => "group(s) of string keys", "hash" => "hash(es)", _ => "sorted set(s)" }} of {first:N0}");
var filler = new byte[20 * 1024];
Random.Shared.NextBytes(filler);
long Megabytes(string sub, string pattern) =>
    new DirectoryInfo(Path.Combine(dir, sub)).EnumerateFiles(pattern, SearchOption.AllDirectories).Sum(f => f.Length) / 1024 / 1024;
var keys = Enumerable.Range(0, sets).Select(Set).Distinct().ToArray();
var floor = new long[keys.Length];
for (var k = 0; k < keys.Length && kind != "strings"; k++) floor[k] = await SizeAsync(keys[k]);
long reads = 0, shortReads = 0, emptyReads = 0, writesAfterShortReads = 0;
using var watching = new CancellationTokenSource();
var watcher = !watch ? Task.CompletedTask : Task.Run(async () =>
{
    while (!watching.IsCancellationRequested)
    {
        for (var k = 0; k < keys.Length; k++)
        {
            var expected = Volatile.Read(ref floor[k]);
            if (watchAdd)
            {
                await db.SortedSetAddAsync(keys[k], $"added-{reads}", -3);
            }

            var size = watchWrite
                ? (long)await db.ScriptEvaluateAsync("local n = redis.call('ZCARD', KEYS[1]); redis.call('ZADD', KEYS[1], -2, ARGV[1]); return n", [keys[k]], [$"read-{reads}"])
                : watchScript
                    ? (long)await db.ScriptEvaluateAsync("return redis.call('ZCARD', KEYS[1])", [keys[k]])
                    : await SizeAsync(keys[k]);
            reads++;
            if (size < expected)
            {
                shortReads++;
                if (size == 0) emptyReads++;
                // Write to the object at once, as a route would add a job to a due set it just read as empty: if that
                // write started a new object in place of the one not found, the old entries would be gone at the end.
                var marker = new SortedSetEntry($"written-after-a-short-read-{shortReads}", -1);
                await Add(keys[k], [marker]);
                Interlocked.Increment(ref writesAfterShortReads);
                var after = await SizeAsync(keys[k]);
                Console.WriteLine($"   short read: {keys[k]} {size:N0} < {expected:N0} at {DateTime.UtcNow:HH:mm:ss.fff}; after a write to it: {after:N0}");
            }
        }
    }
});
var clock = Stopwatch.StartNew();
var truncations = 0;
long lastAof = 0;
for (var round = 0; round < rounds; round++)
{
    var added = Members(entries + round * 1_000, 1_000);
    foreach (var group in added.GroupBy(e => Set((int)e.Score)))
    {
        await Add(group.Key, group.ToArray());
    }
    for (var k = 0; k < keys.Length; k++) Volatile.Write(ref floor[k], floor[k] + added.Count(e => Set((int)e.Score) == keys[k]));
    await Task.WhenAll(Enumerable.Range(0, 2_000).Select(n => db.StringSetAsync($"job:{round}:{n}", filler)));
    await Task.WhenAll(Enumerable.Range(0, 2_000).Select(n => db.KeyDeleteAsync($"job:{round}:{n}")));
    await Task.Delay(TimeSpan.FromSeconds(2.5));
    var aofNow = Megabytes("checkpoints", "*");
    if (aofNow < lastAof) truncations++;
    lastAof = aofNow;
    Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F0} s round {round + 1,2}: AOF {Megabytes("checkpoints", "*"),5} MB (checkpoint dir), log {Megabytes("log", "hlog.*"),5} MB, object log {Megabytes("log", "hlog_objs.*"),5} MB");
}

await watching.CancelAsync();
await watcher;
if (watch)
{
    long total = 0;
    foreach (var key in keys) total += await SizeAsync(key);
    var expectedTotal = (long)entries + (long)rounds * 1_000 + writesAfterShortReads + (watchWrite || watchAdd ? reads : 0);
    Console.WriteLine($"watch: {reads:N0} reads, {shortReads} short ({emptyReads} empty), each written to at once; at the end {total:N0} of {expectedTotal:N0} entries{(total == expectedTotal ? "" : " (MISSING " + (expectedTotal - total) + ")")}");
}

Console.WriteLine(truncations == 0
    ? $"STALLED: the append-only file was never truncated in {rounds} rounds ({lastAof} MB): no checkpoint finished"
    : $"finished: {truncations} checkpoint(s) truncated the append-only file in {rounds} rounds");
redis.Dispose();
// A stalled compaction also keeps Dispose from returning: give up after 20 s.
var stopping = Task.Run(server.Dispose);
if (await Task.WhenAny(stopping, Task.Delay(20_000)) != stopping) Console.WriteLine("Garnet did not stop within 20 s");
try { Directory.Delete(dir, true); } catch (IOException e) { Console.WriteLine($"could not delete {dir}: {e.Message}"); }
Environment.Exit(0);
