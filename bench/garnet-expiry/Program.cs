// Does Garnet reclaim the disk of expired values? The embedded store gives many of its keys a time to live (the kept
// event 24 h, the history 14 days, de-duplication marks 72 h) and relies on compaction to drop them once expired.
// Each round writes 1,000 values of 20 KB with a 20 s time to live (as kept events), then 2,000 values of 20 KB that
// are deleted at once (as jobs), which push the first out of the log's mutable part before they expire. With "Delete"
// the values of five rounds before are also deleted explicitly. The server takes the embedded store's options with
// small files (8 MB segments, a 16 MB append-only limit, as EmbeddedGarnetDiskTests) so that a minute shows the trend;
// after each round (5 s apart) it prints the log and checkpoint directories in MB and how many keys are live.
// Usage: dotnet run -c Release --project bench/garnet-expiry -- <Expire|Delete> [rounds (20)] [--expired-key-deletion-scan-freq seconds]
using Garnet;
using StackExchange.Redis;

var mode = args.Length > 0 ? args[0] : "Expire";
var rounds = args.Length > 1 ? int.Parse(args[1]) : 20;
var scan = args.Length > 2 ? args[2..] : [];
var dir = Path.Combine(Path.GetTempPath(), "garnet-expiry-" + Guid.NewGuid().ToString("N")[..6]);
string[] arguments =
[
    "-q", "--bind", "127.0.0.1", "--port", "6498",
    "--lua", "--lua-transaction-mode", "--aof", "--recover",
    "--checkpointdir", Path.Combine(dir, "checkpoints"), "--checkpoint-freq", "600",
    "--device-type", "RandomAccess", "--storage-tier", "--logdir", Path.Combine(dir, "log"),
    "--memory", "64m", "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
    "--index", "16m", "--index-max-size", "256m", "--aof-memory", "16m", "--aof-page-size", "8m",
    "--aof-segment-size", "8m", "--segment", "8m",
    "--compaction-type", "Lookup", "--compaction-freq", "0", "--compaction-max-segments", "2", "--aof-size-limit", "16m",
    .. scan,
];
using (var server = new GarnetServer(arguments, cleanupDir: false))
{
    server.Start();
    using var connection = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6498");
    var db = connection.GetDatabase();
    var value = new byte[20 * 1024];
    Random.Shared.NextBytes(value);
    for (var round = 0; round < rounds; round++)
    {
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(n => db.StringSetAsync($"kept:{round}:{n}", value, TimeSpan.FromSeconds(20))));
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(n => db.StringSetAsync($"job:{round}:{n}", value)));
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(n => db.KeyDeleteAsync($"job:{round}:{n}")));
        if (mode == "Delete" && round >= 5)
        {
            await Task.WhenAll(Enumerable.Range(0, 1000).Select(n => db.KeyDeleteAsync($"kept:{round - 5}:{n}")));
        }

        await Task.Delay(5000);
        var keys = await connection.GetServer("127.0.0.1:6498").DatabaseSizeAsync();
        Console.WriteLine($"{mode} round {round + 1}: log {Megabytes("log")} MB, checkpoints {Megabytes("checkpoints")} MB, {keys} keys live");
    }
}

Directory.Delete(dir, recursive: true);

long Megabytes(string folder) =>
    Directory.EnumerateFiles(Path.Combine(dir, folder), "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length) / 1024 / 1024;
