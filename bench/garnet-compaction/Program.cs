// Does Garnet's log compaction keep the embedded store's log bounded under a queue's writes through Lua scripts, and
// does it hang? Each job: a 25 KB SET plus a ZADD in one script (as the route step), and 60 steps later a script that
// deletes both (as the ack), so about 1,900 jobs are waiting at any time. The server takes the embedded store's options
// (src/Unotify.Core/Storage/EmbeddedGarnetServer.cs) with a checkpoint every 60 s, plus, unless "None", the given
// compaction type every 10 s down to 4 segments (or as many as given). Every 10 s it prints the jobs written, the hybrid log's size on disk
// and the checkpoint directory's (which holds the append-only file); "HUNG" when no job went through for 30 s.
// Usage: dotnet run -c Release [-p:GarnetVersion=2.2.8] -- <None|Scan|Lookup> <seconds> <jobs per second> [<checkpoint seconds> [<AOF size limit> [<log segment size> [<segments kept before compaction>]]]]
// The AOF size limit (for example 64m) makes Garnet 2.2.12 checkpoint whenever the append-only file outgrows it,
// checked every 5 s, besides the checkpoint every <checkpoint seconds> (60 unless given). RSS is the process's.
// It writes under the temporary folder and deletes it at the end; at 1,000 jobs/s that is some 3 GB for two minutes.
using System.Diagnostics;
using Garnet;
using StackExchange.Redis;

var compaction = args.Length > 0 ? args[0] : "None";
var seconds = args.Length > 1 ? int.Parse(args[1]) : 180;
var perSecond = args.Length > 2 ? int.Parse(args[2]) : 1000;
var checkpointSeconds = args.Length > 3 ? args[3] : "60";
var aofSizeLimit = args.Length > 4 ? args[4] : null;
var segment = args.Length > 5 ? args[5] : "64m";
var maxSegments = args.Length > 6 ? args[6] : "4";
var dir = Path.Combine(Path.GetTempPath(), "garnet-compact-" + compaction + "-" + Guid.NewGuid().ToString("N")[..6]);
Directory.CreateDirectory(dir);
string[] arguments =
[
    "-q", "--bind", "127.0.0.1", "--port", "6499",
    "--lua", "--lua-transaction-mode",
    "--aof", "--recover",
    "--checkpointdir", Path.Combine(dir, "checkpoints"),
    "--checkpoint-freq", checkpointSeconds,
    "--device-type", "RandomAccess",
    "--storage-tier", "--logdir", Path.Combine(dir, "log"),
    "--memory", "64m",
    "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
    "--index", "16m", "--index-max-size", "256m",
    "--aof-memory", "16m", "--aof-page-size", "8m",
    "--aof-segment-size", "32m", "--segment", segment,
    .. (compaction == "None" ? Array.Empty<string>() : ["--compaction-type", compaction, "--compaction-freq", "10", "--compaction-max-segments", maxSegments]),
    .. (aofSizeLimit is null ? Array.Empty<string>() : ["--aof-size-limit", aofSizeLimit]),
];
var server = new GarnetServer(arguments);
server.Start();
var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6499");
var db = redis.GetDatabase();
var route = LuaScript.Prepare("redis.call('SET', @job, @body); redis.call('ZADD', @due, @score, @id); return 1");
var ack = LuaScript.Prepare("redis.call('DEL', @job); redis.call('ZREM', @due, @id); return 1");
var body = new byte[25 * 1024];
Random.Shared.NextBytes(body);
long done = 0;
var stop = DateTime.UtcNow.AddSeconds(seconds);
var lastProgress = Stopwatch.StartNew();
var writers = Enumerable.Range(0, 32).Select(async writer =>
{
    long n = 0;
    var pace = Stopwatch.StartNew();
    while (DateTime.UtcNow < stop)
    {
        // Each writer takes its share of perSecond.
        var due = TimeSpan.FromSeconds(n * 32.0 / perSecond);
        if (due > pace.Elapsed)
        {
            await Task.Delay(due - pace.Elapsed);
        }

        var id = $"{writer}-{n++}";
        await db.ScriptEvaluateAsync(route, new { job = (RedisKey)("{w:a}:job:" + id), body = (RedisValue)body, due = (RedisKey)"{w:a}:due", score = (double)n, id = (RedisValue)id });
        // A backlog of about 32 × 60 jobs: each writer acks the job it wrote 60 steps before.
        if (n > 60)
        {
            var old = $"{writer}-{n - 61}";
            await db.ScriptEvaluateAsync(ack, new { job = (RedisKey)("{w:a}:job:" + old), due = (RedisKey)"{w:a}:due", id = (RedisValue)old });
        }

        Interlocked.Increment(ref done);
        lastProgress.Restart();
    }
}).ToList();
var clock = Stopwatch.StartNew();
long before = 0;
while (!Task.WhenAll(writers).IsCompleted)
{
    await Task.WhenAny(Task.WhenAll(writers), Task.Delay(10_000));
    var now = Interlocked.Read(ref done);
    long Megabytes(string sub) => Directory.Exists(Path.Combine(dir, sub))
        ? Directory.EnumerateFiles(Path.Combine(dir, sub), "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length) / 1024 / 1024
        : 0;
    Console.WriteLine($"{compaction} t={clock.Elapsed.TotalSeconds:0}s jobs={now} rate={(now - before) / 10.0:0}/s log={Megabytes("log")} MB checkpoints+aof={Megabytes("checkpoints")} MB rss={Environment.WorkingSet / 1024 / 1024} MB stalled={lastProgress.Elapsed.TotalSeconds:0.0}s");
    before = now;
    if (lastProgress.Elapsed > TimeSpan.FromSeconds(30))
    {
        Console.WriteLine($"{compaction}: HUNG (no job for 30 s)");
        Environment.Exit(3);
    }
}

Console.WriteLine($"{compaction}: finished {done} jobs");
server.Dispose(); // before the files are deleted (a second Dispose throws in Garnet 2.2.12)

Directory.Delete(dir, true);
