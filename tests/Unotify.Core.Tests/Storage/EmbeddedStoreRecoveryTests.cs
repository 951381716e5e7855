using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>
/// An embedded store that comes back empty where its directory says it held data refuses to run, instead of answering
/// 404 to every hook it had and never running what it had accepted (Garnet starts empty, and says so only at debug
/// level, when it finds no usable commit of its append-only file).
/// </summary>
public sealed class EmbeddedStoreRecoveryTests
{
    [Fact]
    public async Task A_store_that_recovers_its_data_starts_again_and_keeps_its_marker()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };
        await using (var store = await RedisStore.OpenAsync(options))
        {
            await new RedisHookRegistry(store).RegisterAsync("github", "1", null, CancellationToken.None);
        }

        var marker = await File.ReadAllTextAsync(Path.Combine(directory.Path, "unotify.store"));
        await using (var store = await RedisStore.OpenAsync(options))
        {
            (await new RedisHookRegistry(store).ListAsync(null, CancellationToken.None)).Should().ContainSingle();
        }

        (await File.ReadAllTextAsync(Path.Combine(directory.Path, "unotify.store"))).Should().Be(marker);
    }

    [Fact]
    public async Task A_store_that_comes_back_empty_refuses_to_start_says_how_to_recover_and_writes_nothing_over_the_files()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };
        await using (var store = await RedisStore.OpenAsync(options))
        {
            await new RedisHookRegistry(store).RegisterAsync("github", "1", null, CancellationToken.None);
        }

        // What Garnet does when its append-only file has no usable commit: it starts with nothing.
        var aof = Path.Combine(directory.Path, "garnet", "checkpoints", "AOF");
        foreach (var file in Directory.GetFiles(aof, "aof.log.*"))
        {
            await File.WriteAllBytesAsync(file, []);
        }

        var refusal = await FluentActions.Awaiting(() => RedisStore.OpenAsync(options)).Should().ThrowAsync<StoreConfigurationException>();
        refusal.Which.Message.Should().Contain($"The embedded store in {directory.Path} did not recover its data")
            .And.Contain("is empty").And.Contain("keep a copy of").And.Contain("to start empty, delete");

        // The evidence for finding the cause is in the message: what Garnet said at levels the host's log leaves out
        // (here: the commit record says the file went up to 212, and it replayed nothing from it), and the files.
        refusal.Which.Message.Should().Contain("What Garnet said while it recovered: [Information] Garnet ")
            .And.Contain("[Information] Recovered AOF: begin address = 64, tail address = ")
            .And.Contain("[Information] Completed full AOF sublog 0 replay of 0 records")
            .And.Contain("Its files: ").And.Contain(Path.Combine("checkpoints", "AOF", "aof.log.0") + " (0 bytes)")
            .And.NotContain("\"Recover\": true", "Garnet's dump of its options is left out")
            .And.NotContainEquivalentOf("password", "the server's password is never quoted");
        Directory.GetFiles(aof, "aof.log.*").Select(file => new FileInfo(file).Length).Should().OnlyContain(length => length == 0, "a refused start writes nothing");
        await FluentActions.Awaiting(() => RedisStore.OpenAsync(options)).Should().ThrowAsync<StoreConfigurationException>("it refuses every time, not once");

        // The way out the message names: the store's files and the marker go, and the store starts empty.
        Directory.Delete(Path.Combine(directory.Path, "garnet"), recursive: true);
        File.Delete(Path.Combine(directory.Path, "unotify.store"));
        await using var fresh = await RedisStore.OpenAsync(options);
        (await new RedisHookRegistry(fresh).ListAsync(null, CancellationToken.None)).Should().BeEmpty();
    }
}
