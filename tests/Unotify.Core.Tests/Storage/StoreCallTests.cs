using System.Diagnostics;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public sealed class StoreCallTests(RedisServerBackend backend) : IClassFixture<RedisServerBackend>
{
    [Fact]
    public async Task A_call_the_client_never_completes_ends_as_an_outage_at_the_stores_deadline()
    {
        await using var store = await RedisStore.OpenAsync(TestStores.OptionsFor(backend) with { Timeout = TimeSpan.FromMilliseconds(200) });
        store.CallDeadline.Should().Be(TimeSpan.FromMilliseconds(1400), "twice the client's 200 ms and a second");
        var clock = Stopwatch.StartNew();

        var never = new TaskCompletionSource<int>();
        var call = () => StoreCall.RunAsync(store, () => never.Task, "wait for a reply that never comes", CancellationToken.None);

        (await call.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().Contain("could not wait for a reply that never comes");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "an attempt must never hang on the store");
    }

    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("CLUSTERDOWN The cluster is down")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    public async Task A_server_that_cannot_serve_the_call_yet_is_an_outage_to_retry(string reply)
    {
        await using var store = await RedisStore.OpenAsync(TestStores.OptionsFor(backend));

        var call = () => StoreCall.RunAsync(store, () => Task.FromException<int>(new StackExchange.Redis.RedisServerException(reply)), "queue a delivery", CancellationToken.None);

        (await call.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().Contain("could not queue a delivery");
    }

    [Fact]
    public async Task Any_other_error_reply_is_not_taken_for_an_outage()
    {
        await using var store = await RedisStore.OpenAsync(TestStores.OptionsFor(backend));

        var call = () => StoreCall.RunAsync(
            store, () => Task.FromException<int>(new StackExchange.Redis.RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value")), "queue a delivery", CancellationToken.None);

        await call.Should().ThrowAsync<StackExchange.Redis.RedisServerException>();
    }
}
