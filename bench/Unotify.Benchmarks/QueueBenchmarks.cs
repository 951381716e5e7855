using System.Diagnostics;
using System.Globalization;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Benchmarks;

/// <summary>
/// A measured run of the queue (not BenchmarkDotNet: it needs servers and is about latency distributions):
/// route → fetch → ack round trips per second, one at a time and 16 at once, and the wake-up latency of an idle
/// consumer (enqueue → handler start, p50/p99), against redis-server and the embedded Garnet.
/// </summary>
/// <remarks>Usage: <c>dotnet run -c Release --project bench/Unotify.Benchmarks -- queue [host:port]</c>; the Redis
/// endpoint defaults to <c>UNOTIFY_TEST_REDIS</c>, and is skipped when neither is given.</remarks>
public static class QueueBenchmarks
{
    private const int RoundTrips = 3000;
    private const int WakeUps = 300;
    private static readonly string SecretKey = Convert.ToBase64String(new byte[32]);

    public static async Task<int> RunAsync(string[] args)
    {
        var redis = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("UNOTIFY_TEST_REDIS");
        if (redis is null)
        {
            Console.WriteLine("redis-server: skipped (pass host:port or set UNOTIFY_TEST_REDIS)");
        }
        else
        {
            await MeasureAsync($"redis-server {redis}", redis);
        }

        var directory = Path.Combine(Path.GetTempPath(), $"unotify-bench-{Guid.NewGuid():N}");
        await using (var garnet = EmbeddedGarnetServer.Start(directory))
        {
            await MeasureAsync("embedded Garnet (AOF on)", garnet.ConnectionString);
        }

        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private static async Task MeasureAsync(string name, string connectionString)
    {
        await using var store = await RedisStore.OpenAsync(new StoreOptions
        {
            ConnectionString = connectionString,
            SecretKey = SecretKey,
            KeyPrefix = $"bench-{Guid.NewGuid():N}",
        });
        var queue = new RedisWorkerQueue(store, "bench");
        await RoundTripsAsync(store, queue, 1, RoundTrips / 10); // warm-up: JIT and script cache
        var sequential = await RoundTripsAsync(store, queue, 1, RoundTrips);
        var concurrent = await RoundTripsAsync(store, queue, 16, RoundTrips);
        var (p50, p99) = await WakeUpLatencyAsync(store);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: route→fetch→ack {sequential:0} round trips/s (1 at a time), {concurrent:0}/s (16 at once); idle consumer wake-up p50 {p50:0.00} ms, p99 {p99:0.00} ms"));
    }

    private static async Task<double> RoundTripsAsync(RedisStore store, RedisWorkerQueue queue, int parallel, int total)
    {
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            for (var i = 0; i < total / parallel; i++)
            {
                await queue.RouteToAsync(store, Event());
                var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs;
                foreach (var job in leased)
                {
                    await queue.AckAsync(job, CancellationToken.None);
                }
            }
        }));
        return total / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P99)> WakeUpLatencyAsync(RedisStore store)
    {
        var idle = new RedisWorkerQueue(store, "bench-wake", new QueueOptions { MaxPollInterval = TimeSpan.FromSeconds(30) });
        var handler = new SignallingHandler();
        await using var consumer = new WorkerConsumer(idle, handler);
        await consumer.StartAsync(CancellationToken.None);
        var latencies = new List<double>(WakeUps);
        for (var i = 0; i < WakeUps + 20; i++)
        {
            var started = handler.Next();
            var queuedAt = Stopwatch.GetTimestamp();
            await idle.RouteToAsync(store, Event());
            var handledAt = await started.WaitAsync(TimeSpan.FromSeconds(10));
            while (consumer.InFlight > 0)
            {
                await Task.Delay(1);
            }

            await Task.Delay(5); // let the consumer go idle again (waiting on its wake signal)
            if (i >= 20)
            {
                latencies.Add(Stopwatch.GetElapsedTime(queuedAt, handledAt).TotalMilliseconds);
            }
        }

        latencies.Sort();
        return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
    }

    private static WebhookEvent Event() => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Provider = "github",
        RepoId = "123",
        Kind = EventKinds.PullRequestMerged,
        ReceivedAt = DateTimeOffset.UtcNow,
        Texts = [new EventText(TextSource.Title, "SOC-1 fix login")],
        Payload = """{"action":"closed"}"""u8.ToArray(),
    };

    private sealed class SignallingHandler : IJobHandler
    {
        private TaskCompletionSource<long> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<long> Next()
        {
            _started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _started.Task;
        }

        public Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken)
        {
            _started.TrySetResult(Stopwatch.GetTimestamp());
            return Task.FromResult<ProcessingResult>(ProcessingResult.Done("ok"));
        }
    }
}
