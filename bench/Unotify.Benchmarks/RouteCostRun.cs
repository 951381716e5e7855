using System.Diagnostics;
using System.Globalization;
using System.Text;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Benchmarks;

/// <summary>
/// <c>route</c>: the hub's step of ingest in isolation — <see cref="RedisEventRouter.RouteAsync"/> of the parsed ~24 KB
/// merged PR to one worker, 32 at once, against a throwaway redis-server — with this process's CPU time per call,
/// next to the same event with a 2-byte raw JSON and to a delivery no worker takes. Isolates what queueing costs at ingest.
/// </summary>
public static class RouteCostRun
{
    private const int Parallel = 32;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var calls = options.Integer("calls", 20_000, 100, 1_000_000);
        await using var redis = new PrivateRedisServer();
        await redis.StartAsync();
        await using var store = await RedisStore.OpenAsync(new StoreOptions
        {
            ConnectionString = redis.ConnectionString,
            SecretKey = Convert.ToBase64String(new byte[32]),
            KeyPrefix = "route-bench",
        });
        var merged = ParsedMergedPullRequest();
        var router = new RedisEventRouter(store, [TestWorkers.Receiving(store, "atlassian", EventFilter.Default)]);
        var nobody = new RedisEventRouter(store, [TestWorkers.Receiving(store, "atlassian", new EventFilter([new EventFilterRule("github", "push")]))]);
        await MeasureAsync("warm-up", router, merged, calls / 10);
        await MeasureAsync("24 KB merged PR → 1 worker", router, merged, calls);
        await MeasureAsync("same event, payload \"{}\"", router, merged with { Payload = "{}"u8.ToArray() }, calls);
        await MeasureAsync("24 KB merged PR → no worker", nobody, merged, calls);
        Console.WriteLine($"machine: {EndToEnd.MachineLine.Describe()}");
        return 0;
    }

    private static async Task MeasureAsync(string name, RedisEventRouter router, WebhookEvent webhookEvent, int calls)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= calls)
            {
                await router.RouteAsync(webhookEvent with { DeliveryId = Guid.NewGuid().ToString() }, CancellationToken.None);
            }
        })));
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-30} {calls / elapsed.TotalSeconds,8:0} routes/s  {cpu.TotalMicroseconds / calls,6:0} µs CPU/route (this process)"));
    }

    private static WebhookEvent ParsedMergedPullRequest()
    {
        var request = GitHubBenchRequests.Request(
            Encoding.UTF8.GetBytes(GitHubBenchRequests.MergedPullRequest()), "application/json",
            KeyValuePair.Create("X-GitHub-Event", "pull_request"), KeyValuePair.Create("X-GitHub-Delivery", "d-1"));
        return ((WebhookParseResult.Accepted)new GitHubWebhookProvider().Parse(request)).Event;
    }
}
