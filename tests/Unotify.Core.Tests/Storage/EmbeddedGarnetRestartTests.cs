using Unotify.Core.Queue;
using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

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
            await queue.EnqueueAsync(SomeEvents.PullRequestMerged("dead"), CancellationToken.None);
            var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            deadJobId = leased.Job.Id;
            await queue.DeadLetterAsync(leased, "boom", CancellationToken.None);
            await queue.EnqueueAsync(SomeEvents.PullRequestMerged("queued"), CancellationToken.None);
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
}
