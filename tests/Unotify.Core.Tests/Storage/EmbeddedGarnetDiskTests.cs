using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>
/// The embedded store's disk is bounded by what is live, not by what went through it: the checkpoints the append-only
/// file's size asks for first compact (moving the live records forward), then delete what is behind. The files are shrunk
/// (8 MB segments, a 16 MB limit) so that a few thousand jobs show what a million do at full size (bench/README.md).
/// </summary>
public sealed class EmbeddedGarnetDiskTests
{
    private static readonly EmbeddedGarnetSizes Small = new("8m", "8m", "16m");

    [Fact]
    public async Task The_data_directory_stops_growing_while_deliveries_keep_flowing_through_the_queue()
    {
        using var directory = new TemporaryDirectory();
        await using var server = EmbeddedGarnetServer.Start(directory.Path, Small, TimeSpan.FromMinutes(10));
        await using var store = await RedisStore.OpenAsync(new StoreOptions
        {
            ConnectionString = server.ConnectionString,
            SecretKey = TestStores.SecretKey,
            KeyPrefix = TestStores.UniquePrefix(),
            Timeout = TimeSpan.FromSeconds(10),
        });
        var worker = TestWorkers.Receiving(store, "atlassian", EventFilter.Default);
        var router = new RedisEventRouter(store, [worker]);
        var queue = new RedisWorkerQueue(store, "atlassian");
        var payload = new byte[25 * 1024];
        Random.Shared.NextBytes(payload);
        var sizes = new List<(long Log, long Checkpoints)>();

        // 6,000 deliveries of 25 KB (150 MB, written twice: log and append-only file) over some 45 s, never more than
        // 200 waiting. Without compaction the log alone would end at 150 MB.
        for (var round = 0; round < 30; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(n =>
                router.RouteAsync(SomeEvents.PullRequestMerged($"r{round}-{n}") with { Payload = payload }, CancellationToken.None)));
            var fetched = (await queue.FetchAsync(200, CancellationToken.None)).Jobs;
            fetched.Should().HaveCount(200);
            await Task.WhenAll(fetched.Select(leased => queue.AckAsync(leased, CancellationToken.None)));
            sizes.Add((Megabytes(directory.Path, "log"), Megabytes(directory.Path, "checkpoints")));
            await Task.Delay(1500);
        }

        var report = "log + checkpoints by round (MB): " + string.Join(", ", sizes.Select(size => $"{size.Log}+{size.Checkpoints}"));
        sizes.Skip(20).Max(size => size.Log).Should().BeLessThan(100, "compaction keeps the log near two segments and what a checkpoint has not yet covered; " + report);
        sizes.Skip(20).Max(size => size.Log + size.Checkpoints).Should().BeLessThan(170, "the directory stops growing; " + report);
        (await queue.CountAsync(CancellationToken.None)).Due.Should().Be(0);
    }

    [Fact]
    public async Task An_idle_store_whose_live_records_outgrow_two_segments_does_not_copy_them_forward_again_and_again()
    {
        using var directory = new TemporaryDirectory();
        await using var server = EmbeddedGarnetServer.Start(directory.Path, Small, TimeSpan.FromMinutes(10));
        await using var store = await OpenAsync(server, TestStores.UniquePrefix());
        var value = new byte[100 * 1024];
        Random.Shared.NextBytes(value);

        // 80 MB that stays live, as the history's kept bodies do for a day: more than the 32 MB of the log that is still
        // mutable in memory and two 8 MB segments besides.
        await Task.WhenAll(Enumerable.Range(0, 800).Select(n => store.Database.StringSetAsync($"{n}:kept", value, TimeSpan.FromDays(1))));
        await Task.Delay(TimeSpan.FromSeconds(6)); // the append-only file's limit is checked every 5 s: a checkpoint, which compacts first
        var before = Megabytes(directory.Path, "log");
        await Task.Delay(TimeSpan.FromSeconds(12));
        var after = Megabytes(directory.Path, "log");

        // On a 10-second compaction timer of its own, every cycle copied what is live forward again (bench/README.md).
        after.Should().BeLessThan(before + 8, $"nothing was written while idle, so nothing is copied (log {before} MB, then {after} MB)");
        (await store.Database.StringGetAsync("799:kept")).Should().Be(value);
    }

    [Fact]
    public async Task Values_whose_time_to_live_ran_out_leave_the_disk_once_the_reaper_deleted_them()
    {
        using var directory = new TemporaryDirectory();
        await using var server = EmbeddedGarnetServer.Start(directory.Path, Small, TimeSpan.FromMinutes(10));
        await using var store = await OpenAsync(server, TestStores.UniquePrefix());
        await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromSeconds(2), TimeSpan.Zero, null, null);
        reaper.Start();
        var db = store.Database;
        var value = new byte[20 * 1024];
        Random.Shared.NextBytes(value);
        var logs = new List<long>();

        // Each round keeps 1,000 values of 20 KB for 4 s (as the history keeps events for a day), then pushes them out of
        // the log's mutable part with 2,000 values that are deleted at once (as jobs). Left to expire, each round's 20 MB
        // stays on disk and the log passes 140 MB by the fourth round; deleted, it stays near two segments and what is
        // mutable (bench/README.md, "Expired values stay on disk", has both runs).
        for (var round = 0; round < 8; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 1000).Select(n => db.StringSetAsync($"kept:{round}:{n}", value, TimeSpan.FromSeconds(4))));
            await Task.WhenAll(Enumerable.Range(0, 2000).Select(n => db.StringSetAsync($"job:{round}:{n}", value)));
            await Task.WhenAll(Enumerable.Range(0, 2000).Select(n => db.KeyDeleteAsync($"job:{round}:{n}")));
            await Task.Delay(TimeSpan.FromSeconds(5));
            logs.Add(Megabytes(directory.Path, "log"));
        }

        var report = "log by round (MB): " + string.Join(", ", logs);
        // On average: one round can catch a compaction late (84 MB once, with the rest of the suite running).
        logs.Skip(3).Average().Should().BeLessThan(100, "deleted values are dropped by compaction, as expired ones are not; " + report);
        reaper.DeletedCount.Should().BeGreaterThanOrEqualTo(6_000, "the rounds' values ran out, all but the last two rounds' at least; " + report);
    }

    [Fact]
    public async Task Jobs_left_waiting_survive_compaction_and_a_restart()
    {
        using var directory = new TemporaryDirectory();
        var prefix = TestStores.UniquePrefix();
        var payload = new byte[25 * 1024];
        Random.Shared.NextBytes(payload);
        var kept = new List<string>();
        await using (var server = EmbeddedGarnetServer.Start(directory.Path, Small, TimeSpan.FromMinutes(10)))
        {
            await using var store = await OpenAsync(server, prefix);
            var router = new RedisEventRouter(store, [TestWorkers.Receiving(store, "atlassian", EventFilter.Default)]);
            var queue = new RedisWorkerQueue(store, "atlassian");

            // Every round leaves one job waiting, then floods the log with jobs that finish, so the waiting ones are
            // in segments compaction must copy forward before a checkpoint deletes them (38 MB through 8 MB segments).
            for (var round = 0; round < 15; round++)
            {
                await router.RouteAsync(SomeEvents.PullRequestMerged($"kept-{round}") with { Payload = payload }, CancellationToken.None);
                kept.Add($"kept-{round}");
                await Task.WhenAll(Enumerable.Range(0, 100).Select(n =>
                    router.RouteAsync(SomeEvents.PullRequestMerged($"r{round}-{n}") with { Payload = payload }, CancellationToken.None)));
                var fetched = (await queue.FetchAsync(1_000, CancellationToken.None)).Jobs;
                await Task.WhenAll(fetched.Where(leased => !leased.Job.Event.DeliveryId.StartsWith("kept-", StringComparison.Ordinal))
                    .Select(leased => queue.AckAsync(leased, CancellationToken.None)));
                await Task.WhenAll(fetched.Where(leased => leased.Job.Event.DeliveryId.StartsWith("kept-", StringComparison.Ordinal))
                    .Select(leased => queue.ReleaseAsync(leased, CancellationToken.None)));
            }

            await Task.Delay(TimeSpan.FromSeconds(12)); // one more checkpoint (its size check runs every 5 s), which compacts first
        }

        await using (var server = EmbeddedGarnetServer.Start(directory.Path, Small, TimeSpan.FromMinutes(10)))
        {
            await using var store = await OpenAsync(server, prefix);
            var queue = new RedisWorkerQueue(store, "atlassian");
            var left = (await queue.FetchAsync(1_000, CancellationToken.None)).Jobs;

            left.Select(leased => leased.Job.Event.DeliveryId).Should().BeEquivalentTo(kept);
            left.Should().OnlyContain(leased => leased.Job.Event.Payload.ToArray().SequenceEqual(payload));
        }
    }

    private static Task<RedisStore> OpenAsync(EmbeddedGarnetServer server, string prefix) => RedisStore.OpenAsync(new StoreOptions
    {
        ConnectionString = server.ConnectionString,
        SecretKey = TestStores.SecretKey,
        KeyPrefix = prefix,
        Timeout = TimeSpan.FromSeconds(10),
    });

    private static long Megabytes(string dataDirectory, string folder) =>
        Directory.EnumerateFiles(Path.Combine(dataDirectory, "garnet", folder), "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length) / 1024 / 1024;
}
