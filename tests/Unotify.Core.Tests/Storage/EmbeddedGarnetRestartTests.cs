using Unotify.Core.Queue;
using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

[Collection(nameof(EmbeddedGarnetOnDisk))]
public sealed class EmbeddedGarnetRestartTests
{
    [Fact]
    public async Task Queued_and_dead_jobs_and_hooks_survive_a_restart_on_the_same_data_directory()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };
        string secret;
        string deadJobId;
        await using (var store = await RedisStore.OpenAsync(options))
        {
            store.IsEmbedded.Should().BeTrue();
            secret = (await new RedisHookRegistry(store).RegisterAsync("github", "123", "acme/api", CancellationToken.None)).Secret;
            var queue = new RedisWorkerQueue(store, "atlassian");
            await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("dead"));
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            deadJobId = leased.Job.Id;
            await queue.DeadLetterAsync(leased, "boom", CancellationToken.None);
            await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("queued"));
        }

        Directory.EnumerateFiles(Path.Combine(directory.Path, "garnet"), "*", SearchOption.AllDirectories)
            .Should().NotBeEmpty("the append-only file lives under the data directory");
        await using (var store = await RedisStore.OpenAsync(options))
        {
            var hook = await new RedisHookRegistry(store).GetForVerificationAsync("github", "123", CancellationToken.None);
            hook!.Secret.Should().Be(secret, "the generated secret key was kept in the data directory");
            var queue = new RedisWorkerQueue(store, "atlassian");
            (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(1, 0, 1));
            (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Event.DeliveryId.Should().Be("queued");
            var dead = await new RedisDeadLetterStore(store, ["atlassian"]).ListAsync("atlassian", 0, 10, CancellationToken.None);
            dead.Single().Should().BeEquivalentTo(new { Error = "boom", Attempts = 1 });
            dead.Single().Job.Id.Should().Be(deadJobId);
        }
    }

    [Fact]
    public async Task A_backlog_larger_than_the_memory_Garnet_keeps_spills_to_disk_and_every_job_comes_back_intact_after_a_restart()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };
        // 5,000 jobs with a 25 KB payload each: about 125 MB, twice the log memory.
        const int count = 5000;
        var payload = System.Text.Encoding.UTF8.GetBytes($$"""{"padding":"{{new string('x', 25 * 1024)}}"}""");
        await using (var store = await RedisStore.OpenAsync(options))
        {
            var queue = new RedisWorkerQueue(store, "atlassian");
            for (var i = 0; i < count; i += 100)
            {
                await Task.WhenAll(Enumerable.Range(i, 100).Select(n =>
                    queue.RouteToAsync(store, SomeEvents.PullRequestMerged($"d{n}") with { Payload = payload })));
            }
        }

        Directory.EnumerateFiles(Path.Combine(directory.Path, "garnet", "log"), "*", SearchOption.AllDirectories)
            .Should().NotBeEmpty("what does not fit in memory is tiered to the log directory");
        await using (var store = await RedisStore.OpenAsync(options))
        {
            var queue = new RedisWorkerQueue(store, "atlassian");
            var seen = new HashSet<string>();
            while (true)
            {
                // As many as a worker with concurrency 32 asks for: each spilled job is read from disk inside the script.
                var jobs = (await queue.FetchAsync(32, CancellationToken.None)).Jobs;
                if (jobs.Count == 0)
                {
                    break;
                }

                foreach (var leased in jobs)
                {
                    leased.Job.Event.Payload.ToArray().Should().Equal(payload);
                    seen.Add(leased.Job.Event.DeliveryId);
                }
            }

            seen.Should().BeEquivalentTo(Enumerable.Range(0, count).Select(n => $"d{n}"));
        }
    }

    [Fact]
    public async Task A_data_directory_written_by_a_build_without_tiering_is_recovered_and_its_job_runs()
    {
        using var directory = new TemporaryDirectory();
        var checkpoints = Path.Combine(directory.Path, "garnet", "checkpoints");
        Directory.CreateDirectory(checkpoints);
        var options = new StoreOptions { DataDirectory = directory.Path };
        var keys = new KeySpace(options.KeyPrefix).Worker("atlassian");
        var port = Unotify.Testing.LoopbackPorts.Free();
        var job = new Job("before-upgrade", "atlassian", SomeEvents.PullRequestMerged("old"), 1, DateTimeOffset.UtcNow, null);
        // The arguments the embedded server was started with before tiering.
        using (var server = new Garnet.GarnetServer(
            ["-q", "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--lua", "--lua-transaction-mode", "--aof", "--recover", "--checkpointdir", checkpoints, "--device-type", "RandomAccess"],
            cleanupDir: false))
        {
            server.Start();
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port}");
            await connection.GetDatabase().StringSetAsync(keys.Job(job.Id), JobJson.Serialize(job));
            await connection.GetDatabase().SortedSetAddAsync(keys.Due, job.Id, 0);
        }

        await using var store = await RedisStore.OpenAsync(options);
        var queue = new RedisWorkerQueue(store, "atlassian");
        var leased = (await queue.FetchAsync(10, CancellationToken.None)).Jobs.Should().ContainSingle().Subject;
        leased.Job.Event.DeliveryId.Should().Be("old");
        (await queue.AckAsync(leased, CancellationToken.None)).Should().BeTrue();
        (await queue.CountAsync(CancellationToken.None)).Should().Be(new QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task A_checkpoint_gives_back_the_space_of_the_append_only_file_written_before_it()
    {
        using var directory = new TemporaryDirectory();
        var value = new byte[25 * 1024];
        await using var server = EmbeddedGarnetServer.Start(directory.Path, TimeSpan.FromSeconds(1));
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var database = connection.GetDatabase();
        // About 100 MB through the append-only file, in 32 MB files: at least three of them are behind the next checkpoint.
        for (var i = 0; i < 4000; i += 100)
        {
            await Task.WhenAll(Enumerable.Range(i, 100).Select(n => database.StringSetAsync($"k{n}", value)));
        }

        var aof = Path.Combine(directory.Path, "garnet", "checkpoints", "AOF");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DirectorySize(aof) > 64L * 1024 * 1024 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        DirectorySize(aof).Should().BeLessThanOrEqualTo(64L * 1024 * 1024, "the checkpoint holds what the older files held");
        (await database.StringGetAsync("k0")).HasValue.Should().BeTrue();
    }

    private static long DirectorySize(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length) : 0;
}
