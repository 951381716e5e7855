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
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, null, null);

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
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, null, null);
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
        await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromSeconds(1), TimeSpan.Zero, null, null);
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
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, null, logger);
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

    [Fact]
    public async Task A_scan_lists_every_key_that_has_a_time_to_live_with_when_it_runs_out()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        var list = Path.Combine(directory.Path, "test-expiring-keys"); // not the list of the store's own reaper
        var db = store.Database;
        var ttl = TimeSpan.FromSeconds(2);
        await db.StringSetAsync("kept", "event", ttl);
        await db.HashSetAsync("record", "outcome", "queued");
        await db.KeyExpireAsync("record", ttl);
        await db.StringSetAsync("later", "x", TimeSpan.FromDays(3)); // beyond the scan's horizon: listed, not noted
        await db.StringSetAsync("forever", "x");
        await db.StringSetAsync("delivery:\n\u00e9 \u2603", "x", ttl); // a key no text line could hold
        await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromHours(1), TimeSpan.Zero, list, null);

        await reaper.ScanOnceAsync(CancellationToken.None);

        var listed = ExpiringKeyList.Read(list).ToDictionary(entry => entry.Key, entry => entry.RunsOutAt);
        listed.Keys.Should().Contain(["kept", "record", "later", "delivery:\n\u00e9 \u2603"]).And.NotContain("forever", "a key without a time to live never runs out");
        listed["kept"].Should().BeCloseTo(store.NowMilliseconds + (long)ttl.TotalMilliseconds, 1000);
        listed["later"].Should().BeCloseTo(store.NowMilliseconds + (long)TimeSpan.FromDays(3).TotalMilliseconds, 1000);
        reaper.NotedCount.Should().Be(3, "the keys that run out within two scans are also noted");
        File.Exists(list + ".new").Should().BeFalse("the list is written beside and moved into place");
    }

    [Fact]
    public async Task The_list_is_read_before_the_first_scan_after_a_start_and_deletes_what_ran_out_meanwhile()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" };
        var list = Path.Combine(directory.Path, "test-expiring-keys");
        var ttl = TimeSpan.FromSeconds(2);
        await using (var store = await RedisStore.OpenAsync(options))
        {
            var db = store.Database;
            await db.StringSetAsync("kept", "event", ttl);
            await db.HashSetAsync("record", "outcome", "queued");
            await db.KeyExpireAsync("record", ttl);
            await db.StringSetAsync("later", "x", TimeSpan.FromDays(3));
            await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromHours(1), TimeSpan.Zero, list, null);
            await reaper.ScanOnceAsync(CancellationToken.None);
        }

        await Task.Delay(ttl + TimeSpan.FromMilliseconds(500));

        await using (var store = await RedisStore.OpenAsync(options))
        {
            await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromHours(1), TimeSpan.Zero, list, null);
            (await reaper.ReapListedAsync(CancellationToken.None)).Should().Be(2, "the two keys that ran out while no host ran are deleted");
            reaper.NotedCount.Should().Be(0);
            (await store.Database.StringGetAsync("later")).Should().Be("x", "a listed key still counting down is left");

            await reaper.ScanOnceAsync(CancellationToken.None);
            ExpiringKeyList.Read(list).Select(entry => entry.Key).Should().NotContain(["kept", "record"], "the next scan lists what it finds").And.Contain("later");
        }
    }

    [Fact]
    public async Task Started_after_a_restart_the_reaper_deletes_what_the_list_says_ran_out_before_its_first_scan_replaces_the_list()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" };
        var list = Path.Combine(directory.Path, "test-expiring-keys");
        await using (var store = await RedisStore.OpenAsync(options))
        {
            await store.Database.StringSetAsync("kept", "event", TimeSpan.FromSeconds(1));
            await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromHours(1), TimeSpan.Zero, list, null);
            await reaper.ScanOnceAsync(CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await using (var store = await RedisStore.OpenAsync(options))
        {
            await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromHours(1), TimeSpan.Zero, list, null);
            reaper.Start();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (reaper.DeletedCount == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            reaper.DeletedCount.Should().Be(1);
            while (ExpiringKeyList.Read(list).Any(entry => entry.Key == "kept") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50); // the first scan, right after, writes the list anew
            }

            ExpiringKeyList.Read(list).Select(entry => entry.Key).Should().NotContain("kept");
        }
    }

    [Fact]
    public async Task A_key_list_cut_short_or_not_a_list_is_logged_and_what_it_listed_before_the_damage_is_deleted()
    {
        using var directory = new TemporaryDirectory();
        var logger = new RecordingLogger<ExpiredKeyReaperTests>();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        var list = Path.Combine(directory.Path, "test-expiring-keys");
        await store.Database.StringSetAsync("ran-out", "x", TimeSpan.FromMilliseconds(200));
        await store.Database.StringSetAsync("still-here", "x", TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        using (var writer = ExpiringKeyList.Create(list))
        {
            writer.Add("ran-out", store.NowMilliseconds - 100);
            writer.Add("still-here", store.NowMilliseconds - 100); // a lying list: the store's own time to live decides
            writer.Commit();
        }

        await using (var file = new FileStream(list, FileMode.Append))
        {
            file.Write([1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFF, 0xFF, 0x7F]); // a key of 2 GB
        }

        await using var reaper = new ExpiredKeyReaper(store, TimeSpan.FromHours(1), TimeSpan.Zero, list, logger);
        (await reaper.ReapListedAsync(CancellationToken.None)).Should().Be(1);
        (await store.Database.StringGetAsync("still-here")).Should().Be("x");
        logger.Entries.Should().ContainSingle(entry => entry.EventId.Id == 5016)
            .Which.Message.Should().Contain("Could not read the list of expiring keys").And.Contain("names a key of 2147483647 bytes");

        await File.WriteAllTextAsync(list, "SET kept event\n");
        (await reaper.ReapListedAsync(CancellationToken.None)).Should().Be(0);
        logger.Entries.Where(entry => entry.EventId.Id == 5016).Last()
            .Message.Should().Contain("does not start as a list of expiring keys");

        File.Delete(list);
        (await reaper.ReapListedAsync(CancellationToken.None)).Should().Be(0, "no list (a first start) is nothing to do");
    }

    [Fact]
    public async Task A_list_half_written_when_the_process_died_is_never_read_and_the_next_scan_writes_over_it()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        var list = Path.Combine(directory.Path, "test-expiring-keys");
        using (var writer = ExpiringKeyList.Create(list))
        {
            writer.Add("ran-out", store.NowMilliseconds - 100);
            writer.Commit();
        }

        await File.WriteAllBytesAsync(list + ".new", [1, 2, 3]); // what a kill -9 in the middle of a scan leaves
        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, list, null);

        (await reaper.ReapListedAsync(CancellationToken.None)).Should().Be(1, "the list in place is the last complete one");
        await store.Database.StringSetAsync("kept", "event", TimeSpan.FromHours(1));
        await reaper.ScanOnceAsync(CancellationToken.None);
        ExpiringKeyList.Read(list).Select(entry => entry.Key).Should().Contain("kept").And.NotContain("ran-out");
        File.Exists(list + ".new").Should().BeFalse();
    }

    [Fact]
    public void A_key_too_long_for_the_list_is_left_out_and_the_keys_after_it_stay_readable()
    {
        using var directory = new TemporaryDirectory();
        var list = Path.Combine(directory.Path, "expiring-keys");
        using (var writer = ExpiringKeyList.Create(list))
        {
            writer.Add(new string('k', 70_000), 1);
            writer.Add("after", 2);
            writer.Commit();
        }

        ExpiringKeyList.Read(list).Should().Equal(("after", 2L));
    }

    [Fact]
    public async Task A_key_list_that_cannot_be_written_is_logged_and_the_scan_still_notes_its_keys()
    {
        using var directory = new TemporaryDirectory();
        var logger = new RecordingLogger<ExpiredKeyReaperTests>();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path, KeyPrefix = "t" });
        await store.Database.StringSetAsync("kept", "event", TimeSpan.FromSeconds(2));
        var list = Path.Combine(directory.Path, "no-such-directory", "expiring-keys"); // as a disk that refuses the file

        await using var reaper = new ExpiredKeyReaper(store, ScanInterval, TimeSpan.Zero, list, logger);
        (await reaper.ScanOnceAsync(CancellationToken.None)).Should().BeGreaterThan(0);
        reaper.NotedCount.Should().Be(1);
        logger.Entries.Should().ContainSingle(entry => entry.EventId.Id == 5016)
            .Which.Message.Should().Contain("Could not write the list of expiring keys");
    }
}
