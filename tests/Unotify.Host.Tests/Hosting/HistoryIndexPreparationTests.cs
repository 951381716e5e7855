using System.Text.Json.Nodes;
using Unotify.Core.History;
using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Hosting;

public sealed class HistoryIndexPreparationTests(RedisServerBackend backend) : IClassFixture<RedisServerBackend>
{
    [Fact]
    public async Task A_host_started_on_the_list_an_earlier_release_wrote_moves_it_into_buckets_and_lists_it_all()
    {
        var options = TestStores.OptionsFor(backend);
        await using (var store = await RedisStore.OpenAsync(options))
        {
            // As a release with one set wrote it (2,500 entries: more than one set of the new layout keeps).
            var earlier = new RedisDeliveryHistory(store, new HistoryOptions { MaxEntries = 1_999 });
            var at = DateTimeOffset.UtcNow.AddHours(-1);
            for (var from = 0; from < 2_500; from += 250)
            {
                await Task.WhenAll(Enumerable.Range(from, 250).Select(i =>
                    earlier.RecordDoorAsync("github", "42", $"d{i:0000}", "push", at.AddMilliseconds(i), DoorOutcome.Queued, null, [])));
            }

        }

        // The stored format, as an earlier release reads it: one sorted set; the layout record beside it.
        var index = $"{options.KeyPrefix}:{{hist}}:index";
        var layout = index + ":layout";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(backend.ConnectionString);
        var db = redis.GetDatabase();
        (await db.SortedSetLengthAsync(index)).Should().Be(1_999, "the earlier layout keeps its most entries in the one set");

        await using var host = await TestHost.StartAsync(backend, new TestHostOptions { KeyPrefix = options.KeyPrefix });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((string?)await db.StringGetAsync(layout) != "64" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        ((string?)await db.StringGetAsync(layout)).Should().Be("64", "the default 100,000 entries make 64 sets");
        (await db.KeyExistsAsync(index)).Should().BeFalse();
        var page = JsonNode.Parse(await host.Client.GetStringAsync("/conduit/deliveries?limit=500"))!;
        var listed = page["data"]!["deliveries"]!.AsArray().Select(delivery => (string)delivery!["delivery_id"]!).ToList();
        listed.Should().Equal(Enumerable.Range(2_000, 500).Reverse().Select(i => $"d{i:0000}"));
        (await db.SortedSetLengthAsync($"{options.KeyPrefix}:{{hist}}:index:64:0")).Should().BeInRange(1, 100, "about one 64th of the entries");
    }

    [Fact]
    public async Task A_host_whose_store_is_unreachable_at_start_still_starts_and_moves_nothing()
    {
        await using var host = await TestHost.StartAsync(backend, new TestHostOptions { RedisOverride = "127.0.0.1:1,connectTimeout=200" });

        (await host.Client.GetAsync("/readyz")).IsSuccessStatusCode.Should().BeFalse();
    }
}
