using System.Diagnostics;
using StackExchange.Redis;
using Unotify.Core.History;
using Unotify.Core.Storage;

namespace Unotify.Benchmarks;

/// <summary>
/// What a page of the history's list costs the store with the list in one sorted set (before) and spread over
/// buckets (<see cref="HistoryIndexLayout"/>, after): N entries written both ways, then the first page and a page from
/// the middle (a cursor) read 300 times each way, alternating. Only the index step is timed; reading the records is
/// the same either way. Usage: <c>history-list [--entries 100000] [--redis host:port]</c> (without --redis, an
/// embedded Garnet in a temporary folder).
/// </summary>
internal static class HistoryListRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var entries = args is ["--entries", var count, ..] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var redis = args.SkipWhile(arg => arg != "--redis").Skip(1).FirstOrDefault();
        var directory = Directory.CreateTempSubdirectory("unotify-history-list-");
        try
        {
            await using var store = await RedisStore.OpenAsync(redis is null
                ? new StoreOptions { DataDirectory = directory.FullName, KeyPrefix = "hl" }
                : new StoreOptions { ConnectionString = redis, SecretKey = Convert.ToBase64String(new byte[32]), KeyPrefix = "hl" + Guid.NewGuid().ToString("N")[..6] });
            var db = store.Database;
            var layout = HistoryIndexLayout.For(entries);
            var start = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
            for (var from = 0; from < entries; from += 5_000)
            {
                var batch = Enumerable.Range(from, Math.Min(5_000, entries - from))
                    .Select(n => new SortedSetEntry(KeySpace.DeliveryKey("github", "42", $"delivery-{n:D8}"), start + n * 10)).ToArray();
                await db.SortedSetAddAsync(store.Keys.HistoryIndex + ":one", batch);
                await Task.WhenAll(batch.GroupBy(entry => layout.KeyOf(store.Keys, entry.Element.ToString()))
                    .Select(bucket => db.SortedSetAddAsync(bucket.Key, bucket.ToArray())));
            }

            var keys = HistoryIndexLayout.KeysOf(store.Keys, layout.Buckets).Select(key => (RedisKey)key).ToArray();
            var middle = start + entries / 2 * 10;
            Console.WriteLine($"{entries:N0} entries: one set, and {layout.Buckets} sets of up to {layout.EntriesPerBucket:N0}; {(redis is null ? "embedded Garnet" : "redis " + redis)}");
            foreach (var (name, high, after) in new[] { ("first page", (RedisValue)"+inf", (RedisValue)string.Empty), ("middle page", (RedisValue)middle, (RedisValue)KeySpace.DeliveryKey("github", "42", "delivery-x")) })
            {
                var one = new List<double>();
                var spread = new List<double>();
                for (var call = 0; call < 330; call++)
                {
                    var watch = Stopwatch.StartNew();
                    var before = await db.SortedSetRangeByScoreWithScoresAsync(store.Keys.HistoryIndex + ":one", double.NegativeInfinity, (double)(high == "+inf" ? double.PositiveInfinity : (double)high), Exclude.None, Order.Descending, 0, 150);
                    var oneTime = watch.Elapsed.TotalMicroseconds;
                    watch.Restart();
                    var page = (RedisResult[])(await db.ScriptEvaluateAsync(HistoryScripts.List, keys, [high, after, "-inf", 100]))!;
                    var spreadTime = watch.Elapsed.TotalMicroseconds;
                    if (call >= 30)
                    {
                        one.Add(oneTime);
                        spread.Add(spreadTime);
                    }

                    if (before.Length != 150 || page.Length != 200)
                    {
                        throw new InvalidOperationException($"a page came back short: {before.Length} and {page.Length / 2}");
                    }
                }

                Console.WriteLine($"{name}: one set mean {one.Average():F0} µs p99 {Percentile(one, 0.99):F0} µs; {layout.Buckets} sets, merged by the script: mean {spread.Average():F0} µs p99 {Percentile(spread, 0.99):F0} µs");
            }

            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double Percentile(List<double> values, double share) => values.Order().ElementAt((int)Math.Min(values.Count - 1, Math.Ceiling(values.Count * share) - 1));
}
