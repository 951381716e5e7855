using System.Collections.Concurrent;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Testing.Redis;
using Xunit.Abstractions;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A partitioned worker on a Redis Cluster of the test's own whose master is killed with SIGKILL and started again
/// (with its append-only file) while deliveries keep arriving: nothing the router accepted is lost, nothing is queued
/// twice.
/// </summary>
public sealed class PartitionedClusterFailoverTests(ITestOutputHelper output)
{
    private const int Senders = 4;
    private const int PerSender = 150;
    private const int Partitions = 6;

    [Fact]
    public async Task A_master_killed_and_restarted_mid_stream_loses_no_accepted_delivery_of_a_partitioned_worker()
    {
        await using var cluster = await PrivateRedisCluster.StartAsync();
        await using var store = await RedisStore.OpenAsync(new StoreOptions
        {
            ConnectionString = cluster.ConnectionString,
            SecretKey = TestStores.SecretKey,
            KeyPrefix = TestStores.UniquePrefix(),
            Timeout = TimeSpan.FromSeconds(1),
        });
        var options = new QueueOptions { Partitions = Partitions };
        var worker = Worker.Receiving(TestWorkers.Definition("atlassian", options: options), store);
        var router = new RedisEventRouter(store, [worker]);
        // The node that holds the first partition: whichever other partitions it holds, it holds one.
        var endpoint = store.Database.IdentifyEndpoint(worker.Queue.KeysOf(0).Due)!.ToString()!;
        var victim = cluster.NodeOn(int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var accepted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var refused = 0;
        var sending = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                var delivery = SomeEvents.PullRequestMerged($"s{sender}-{i:D3}");
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (true)
                {
                    try
                    {
                        // A sender resends until it is answered, as GitHub's redelivery or a retrying proxy would.
                        await router.RouteAsync(delivery, CancellationToken.None);
                        accepted[delivery.DeliveryId] = true;
                        break;
                    }
                    catch (StoreUnavailableException) when (DateTime.UtcNow < deadline)
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(50);
                    }
                }
            }
        })).ToArray();

        await Eventually.HoldsAsync(() => accepted.Count >= 150, TimeSpan.FromSeconds(60), "150 deliveries to be accepted before the kill");
        await cluster.KillAsync(victim);
        var victimEndpoint = endpoint;
        var duringOutage = await FetchDuringOutageAsync(worker.Queue);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cluster.RestartAsync(victim);
        await Task.WhenAll(sending);

        var queue = worker.Queue;
        var fetched = new List<string>();
        for (var empty = 0; empty < 3;)
        {
            var jobs = (await queue.FetchAsync(100, CancellationToken.None)).Jobs;
            empty = jobs.Count == 0 ? empty + 1 : 0;
            foreach (var leased in jobs)
            {
                fetched.Add(leased.Job.Event.DeliveryId);
                (await queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
            }
        }

        duringOutage.Should().NotBeEmpty("the partitions on the other masters are fetched from while one is down");
        duringOutage.Should().OnlyContain(
            partition => store.Database.IdentifyEndpoint(worker.Queue.KeysOf(partition).Due)!.ToString() != victimEndpoint, "a down master's partitions cannot be fetched");
        output.WriteLine($"{duringOutage.Count} jobs fetched from the other masters' partitions while one was down;");
        output.WriteLine($"{accepted.Count} accepted, {refused} refused while node {victim} was down and resent, {fetched.Count} fetched");
        refused.Should().BePositive("deliveries whose partition lived on the killed node were refused while it was down");
        accepted.Should().HaveCount(Senders * PerSender);
        fetched.Should().OnlyHaveUniqueItems("no delivery was queued twice").And.BeEquivalentTo(accepted.Keys, "every accepted delivery survived the kill");
    }

    /// <summary>
    /// Fetches (and gives back at once, uncounted) what the partitions still up hold, the first partition's node down:
    /// the partitions of each job fetched.
    /// </summary>
    private static async Task<List<int>> FetchDuringOutageAsync(RedisWorkerQueue queue)
    {
        var fetched = await queue.FetchAsync(50, CancellationToken.None);
        foreach (var leased in fetched.Jobs)
        {
            (await queue.ReleaseAsync(leased, CancellationToken.None)).Should().BeTrue();
        }

        return [.. fetched.Jobs.Select(leased => leased.Partition)];
    }
}
