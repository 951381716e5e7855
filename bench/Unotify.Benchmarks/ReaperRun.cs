using System.Diagnostics;
using StackExchange.Redis;
using Unotify.Core.Storage;

namespace Unotify.Benchmarks;

/// <summary>
/// What the embedded store's <see cref="ExpiredKeyReaper"/> costs: a store of N keys like a delivery's (a third expire
/// within the scan's horizon, a third later, a third never), three scans timed, the memory the noted keys take, and
/// the deletion of the noted keys once they ran out, first from the key list the scans write (as after a restart).
/// Usage: <c>reap [--keys 200000 [--bytes 200]]</c> (a store larger than the 64 MB the embedded Garnet keeps in memory
/// shows the cost of reading times to live from disk). <c>REAP_AGGRESSIVE_GC=1</c> collects after each scan as the
/// running reaper does after a scan of more than 50,000 keys.
/// </summary>
internal static class ReaperRun
{
    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1024 / 1024;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var keys = args is ["--keys", var count, ..] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var bytes = args is [_, _, "--bytes", var size] ? int.Parse(size, System.Globalization.CultureInfo.InvariantCulture) : 200;
        var directory = Directory.CreateTempSubdirectory("unotify-reap-");
        try
        {
            await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.FullName, KeyPrefix = "reap" });
            var db = store.Database;
            var value = new byte[bytes];
            var soon = TimeSpan.FromSeconds(20);
            for (var start = 0; start < keys; start += 1000)
            {
                var batch = db.CreateBatch();
                var writes = Enumerable.Range(start, Math.Min(1000, keys - start)).Select(n => (n % 3) switch
                {
                    0 => batch.StringSetAsync($"reap:{{h:{n}}}:seen", value, soon),
                    1 => batch.StringSetAsync($"reap:{{h:{n}}}:record", value, TimeSpan.FromDays(14)),
                    _ => batch.StringSetAsync($"reap:{{h:{n}}}:job", value),
                }).ToArray();
                batch.Execute();
                await Task.WhenAll(writes);
            }

            Console.WriteLine($"{keys} keys written, RSS {Rss()} MB");
            var list = Path.Combine(directory.FullName, "expiring-keys");
            await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromMinutes(1), TimeSpan.Zero, list, null);
            for (var scan = 1; scan <= 3; scan++)
            {
                GC.Collect();
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var watch = Stopwatch.StartNew();
                var read = await reaper.ScanOnceAsync(CancellationToken.None);
                watch.Stop();
                var after = GC.GetTotalMemory(forceFullCollection: true);
                if (Environment.GetEnvironmentVariable("REAP_AGGRESSIVE_GC") == "1")
                {
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }

                Console.WriteLine($"scan {scan}: {read} keys read in {watch.Elapsed.TotalSeconds:0.00} s, {reaper.NotedCount} noted, key list {new FileInfo(list).Length / 1024.0 / 1024.0:0.0} MB, heap {(after - before) / 1024.0 / 1024.0:+0.0;-0.0} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1024 / 1024} MB, RSS {Rss()} MB");
            }

            await Task.Delay(soon + TimeSpan.FromSeconds(1));
            var listed = Stopwatch.StartNew();
            var fromList = await reaper.ReapListedAsync(CancellationToken.None);
            Console.WriteLine($"from the key list (as after a restart): {fromList} keys deleted in {listed.Elapsed.TotalSeconds:0.00} s");
            var reap = Stopwatch.StartNew();
            var deleted = await reaper.ReapDueAsync(CancellationToken.None);
            // The same keys again, as the running reaper would have deleted them: a key already deleted reads as one that
            // ran out (PTTL -2 either way), so they count again.
            Console.WriteLine($"reap of the noted keys: {deleted} keys deleted in {reap.Elapsed.TotalSeconds:0.00} s; {await store.Connection.GetServers()[0].DatabaseSizeAsync()} keys left");
            Console.WriteLine($"RSS {Rss()} MB");
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
