using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>
/// The embedded store deletes each key once its time to live has run out (Garnet keeps an expired value on disk until
/// it is deleted; EmbeddedGarnetDiskTests shows the disk), never before, and never a key that was given more time or
/// written again. The embedded Garnet in a temporary directory, the reaper driven by hand.
/// </summary>
public sealed class ExpiredKeyReaperTests
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Keys_of_every_kind_are_deleted_once_their_time_to_live_ran_out_and_not_before()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        var db = store.Database;
        var ttl = TimeSpan.FromSeconds(2);
        await db.StringSetAsync("kept", "event", ttl);
        await db.HashSetAsync("record", "outcome", "queued");
        await db.ListRightPushAsync("attempts", "{}");
        await db.SortedSetAddAsync("by-id", "delivery", 1);
        foreach (var key in new RedisKey[] { "record", "attempts", "by-id" })
        {
            await db.KeyExpireAsync(key, ttl);
        }

        await db.StringSetAsync("later", "x", TimeSpan.FromHours(1));
        await db.StringSetAsync("forever", "x");
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, null);

        (await reaper.ScanOnceAsync(CancellationToken.None)).Should().BeGreaterThanOrEqualTo(6);
        reaper.NotedCount.Should().Be(4, "the four keys that run out within two scans are noted; the one kept for an hour and the one with no time to live are not");
        (await reaper.ReapDueAsync(CancellationToken.None)).Should().Be(0, "nothing has run out yet");
        (await db.StringGetAsync("kept")).Should().Be("event");

        await Task.Delay(ttl + TimeSpan.FromMilliseconds(300));
        (await reaper.ReapDueAsync(CancellationToken.None)).Should().Be(4);
        reaper.NotedCount.Should().Be(0);
        (await db.StringGetAsync("later")).Should().Be("x");
        (await db.StringGetAsync("forever")).Should().Be("x");
    }

    [Fact]
    public async Task A_key_given_more_time_or_written_again_before_it_ran_out_is_kept()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        var db = store.Database;
        var ttl = TimeSpan.FromSeconds(1);
        await db.StringSetAsync("extended", "a", ttl);
        await db.StringSetAsync("rewritten", "b", ttl);
        await db.StringSetAsync("extended-far", "c", ttl);
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, null);
        await reaper.ScanOnceAsync(CancellationToken.None);
        reaper.NotedCount.Should().Be(3);

        // After the scan, as a second attempt extends a record and a replay writes a de-duplication mark again.
        await db.KeyExpireAsync("extended", TimeSpan.FromSeconds(3));
        await db.StringSetAsync("rewritten", "B");
        await db.KeyExpireAsync("extended-far", TimeSpan.FromHours(1));
        await Task.Delay(ttl + TimeSpan.FromMilliseconds(300));

        (await reaper.ReapDueAsync(CancellationToken.None)).Should().Be(0);
        (await db.StringGetAsync("extended")).Should().Be("a");
        (await db.StringGetAsync("rewritten")).Should().Be("B");
        (await db.StringGetAsync("extended-far")).Should().Be("c");
        reaper.NotedCount.Should().Be(1, "the key that now runs out in 3 s is noted again for then; the others are dropped");

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        (await reaper.ReapDueAsync(CancellationToken.None)).Should().Be(1);
        (await db.KeyExistsAsync("extended")).Should().BeFalse();
        (await db.StringGetAsync("rewritten")).Should().Be("B");
    }

    [Fact]
    public async Task Started_it_deletes_keys_that_run_out_after_its_first_scan_on_its_own()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        var db = store.Database;
        await db.StringSetAsync("first", "x", TimeSpan.FromSeconds(1));
        await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromSeconds(1), TimeSpan.Zero, null);
        reaper.Start();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await db.StringSetAsync("second", "x", TimeSpan.FromSeconds(1.5));

        // Both noted by a scan (the second by the one a second later) and deleted once run out, with nothing called.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (reaper.DeletedCount < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        reaper.DeletedCount.Should().Be(2);
        reaper.NotedCount.Should().Be(0);
    }

    [Fact]
    public async Task A_scan_while_the_store_is_down_is_logged_and_fails_nothing()
    {
        using var directory = new TemporaryDirectory();
        var logger = new RecordingLogger<ExpiredKeyReaperTests>();
        var server = EmbeddedGarnetServer.Start(directory.Path, EmbeddedGarnetServer.DefaultCheckpointInterval);
        await using var store = await RedisStore.OpenAsync(new StoreOptions
        {
            ConnectionString = server.ConnectionString,
            SecretKey = TestStores.SecretKey,
            KeyPrefix = "t",
            Timeout = TimeSpan.FromSeconds(1),
        });
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, logger);
        await server.DisposeAsync(); // the store is down from here on

        (await reaper.ScanOnceAsync(CancellationToken.None)).Should().BeNull();
        logger.Entries.Should().ContainSingle(entry => entry.EventId.Id == 5014)
            .Which.Message.Should().Contain("Could not read the keys' time to live in the embedded store; tried again in 30 s");
    }

    [Fact]
    public async Task Only_the_process_that_runs_the_embedded_server_reaps()
    {
        using var directory = new TemporaryDirectory();
        await using var embedded = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        await using var attached = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t", AttachToRunningServer = true });

        embedded.ExpiredKeyReaper.Should().NotBeNull();
        embedded.ExpiredKeyReaper!.ScanInterval.Should().Be(StoreOptions.DefaultExpiredKeyScanInterval);
        attached.ExpiredKeyReaper.Should().BeNull("Redis, and a command attached to a running server, leave it to the server's own process");
    }
}
