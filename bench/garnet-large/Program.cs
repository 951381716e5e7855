// Can the embedded store keep bodies of up to 25 MB (GitHub's largest) once they are tiered to disk and compacted,
// and recover them after a restart? Garnet 2.2.8 crashed (FailFast) moving values above --max-inline-value-size to
// disk. The server takes the embedded store's options (src/Unotify.Core/Storage/EmbeddedGarnetServer.cs), values
// above 2 MB going out of line. It writes <values> values of <MB each> through the queue's route script, keeps 8
// waiting (each is read back and checked before it is deleted), stops, starts again on the same files and checks the
// 8 left. Prints each failure; exit code 0 only when every value came back intact.
// Usage: dotnet run -c Release [-p:GarnetVersion=2.2.8] -- <values> <MB each>
using System.Security.Cryptography;
using Garnet;
using StackExchange.Redis;

var count = args.Length > 0 ? int.Parse(args[0]) : 60;
var megabytes = args.Length > 1 ? int.Parse(args[1]) : 25;
var dir = Path.Combine(Path.GetTempPath(), "garnet-large-" + Guid.NewGuid().ToString("N")[..6]);
string[] Arguments() =>
[
    "-q", "--bind", "127.0.0.1", "--port", "6498",
    "--lua", "--lua-transaction-mode",
    "--aof", "--recover",
    "--checkpointdir", Path.Combine(dir, "checkpoints"), "--checkpoint-freq", "300",
    "--device-type", "RandomAccess",
    "--storage-tier", "--logdir", Path.Combine(dir, "log"),
    "--memory", "64m",
    "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
    "--index", "16m", "--index-max-size", "256m",
    "--aof-memory", "16m", "--aof-page-size", "8m",
    "--aof-segment-size", "32m", "--segment", "64m",
    "--compaction-type", "Lookup", "--compaction-freq", "10", "--compaction-max-segments", "2", "--aof-size-limit", "64m",
];
var failures = 0;
var hashes = new Dictionary<string, byte[]>();
var route = LuaScript.Prepare("redis.call('SET', @job, @body); redis.call('ZADD', @due, @score, @id); return 1");
var ack = LuaScript.Prepare("redis.call('DEL', @job); redis.call('ZREM', @due, @id); return 1");

async Task<bool> CheckAsync(IDatabase db, string id)
{
    var value = (byte[]?)await db.StringGetAsync("{w:a}:job:" + id);
    if (value is not null && SHA256.HashData(value).AsSpan().SequenceEqual(hashes[id]))
    {
        return true;
    }

    Console.WriteLine($"value {id}: {(value is null ? "missing" : $"{value.Length} bytes, not what was written")}");
    failures++;
    return false;
}

Directory.CreateDirectory(dir);
var server = new GarnetServer(Arguments());
server.Start();
using (var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6498,syncTimeout=60000,asyncTimeout=60000"))
{
    var db = redis.GetDatabase();
    for (var n = 0; n < count; n++)
    {
        var id = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = RandomNumberGenerator.GetBytes(megabytes * 1024 * 1024);
        hashes[id] = SHA256.HashData(body);
        try
        {
            await db.ScriptEvaluateAsync(route, new { job = (RedisKey)("{w:a}:job:" + id), body = (RedisValue)body, due = (RedisKey)"{w:a}:due", score = (double)n, id = (RedisValue)id });
        }
        catch (RedisException exception)
        {
            Console.WriteLine($"value {id}: write refused: {exception.Message}");
            failures++;
            continue;
        }

        if (n >= 8)
        {
            var old = (n - 8).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (hashes.ContainsKey(old))
            {
                await CheckAsync(db, old);
                await db.ScriptEvaluateAsync(ack, new { job = (RedisKey)("{w:a}:job:" + old), due = (RedisKey)"{w:a}:due", id = (RedisValue)old });
            }
        }

        Console.WriteLine($"{n + 1} written ({megabytes} MB each), failures {failures}, RSS {Environment.WorkingSet / 1024 / 1024} MB");
    }

    await server.Store.CommitAOFAsync(CancellationToken.None);
}

server.Dispose();
server = new GarnetServer(Arguments());
server.Start();
using (var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6498,syncTimeout=60000,asyncTimeout=60000"))
{
    var db = redis.GetDatabase();
    var left = Enumerable.Range(Math.Max(0, count - 8), Math.Min(8, count)).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(hashes.ContainsKey).ToList();
    var intact = 0;
    foreach (var id in left)
    {
        intact += await CheckAsync(db, id) ? 1 : 0;
    }

    Console.WriteLine($"after the restart: {intact} of {left.Count} waiting values intact");
}

server.Dispose();
Directory.Delete(dir, true);
Console.WriteLine(failures == 0 ? "all values intact" : $"{failures} failures");
return failures == 0 ? 0 : 1;
