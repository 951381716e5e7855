using System.Diagnostics;
using StackExchange.Redis;
using Unotify.Core.CrashConsumer;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

public abstract class ConsumerCrashTests(IStoreBackend backend)
{
    [Fact]
    public async Task A_job_whose_consumer_was_killed_runs_again_after_its_lease_and_its_effect_happens_once()
    {
        const string worker = "atlassian";
        var options = TestStores.OptionsFor(backend);
        await using var store = await RedisStore.OpenAsync(options);
        var counterKey = $"{options.KeyPrefix}:effects";
        var queue = new RedisWorkerQueue(store, worker, new QueueOptions { LeaseTime = TimeSpan.FromSeconds(2) });
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("d1"));

        // A consumer in another process does the effect, then hangs before its ack and is killed with SIGKILL.
        using (var child = StartChild(options, worker, leaseMilliseconds: 2000, counterKey))
        {
            try
            {
                await WaitForLineAsync(child, "effect-done");
            }
            finally
            {
                // Killed on failure too, or a child that never got its job would poll Redis forever.
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }
        }

        (await queue.CountAsync(CancellationToken.None)).Leased.Should().Be(1, "the killed consumer never acked");
        var log = new StringWriter();
        var handler = new EffectOnceHandler(store, store.Database, counterKey, hangAfterEffect: false, TextWriter.Synchronized(log));
        await using var consumer = new WorkerConsumer(queue, handler);
        await consumer.StartAsync(CancellationToken.None);

        await Eventually.HoldsAsync(
            async () => await queue.CountAsync(CancellationToken.None) == new QueueCounts(0, 0, 0),
            TimeSpan.FromSeconds(30),
            "the job to come back after its lease and be acked");
        log.ToString().Should().Contain("attempt 2: AlreadyDone");
        ((long)await store.Database.StringGetAsync(counterKey)).Should().Be(1);
    }

    private static Process StartChild(StoreOptions options, string worker, int leaseMilliseconds, string counterKey)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Unotify.Core.CrashConsumer.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, options.ConnectionString!, options.KeyPrefix, options.SecretKey!, worker, leaseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), counterKey },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("The crash consumer did not start.");
    }

    private static async Task WaitForLineAsync(Process child, string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<string>();
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } read)
        {
            seen.Add(read);
            if (read == line)
            {
                return;
            }
        }

        var errors = await child.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"The crash consumer exited before '{line}'. Output: {string.Join(" | ", seen)} Errors: {errors}");
    }
}

public sealed class ConsumerCrashTests_on_redis(RedisServerBackend backend) : ConsumerCrashTests(backend), IClassFixture<RedisServerBackend>;

public sealed class ConsumerCrashTests_on_redis_cluster(RedisClusterBackend backend) : ConsumerCrashTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class ConsumerCrashTests_on_garnet(GarnetBackend backend) : ConsumerCrashTests(backend), IClassFixture<GarnetBackend>;
