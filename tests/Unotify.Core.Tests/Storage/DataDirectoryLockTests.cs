using System.Globalization;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public sealed class DataDirectoryLockTests
{
    [Fact]
    public async Task A_second_server_on_a_data_directory_in_use_is_refused_at_once_naming_the_process_that_holds_it()
    {
        using var directory = new TemporaryDirectory();
        await using var first = EmbeddedGarnetServer.Start(directory.Path);

        var refusal = FluentActions.Invoking(() => EmbeddedGarnetServer.Start(directory.Path)).Should().Throw<StoreConfigurationException>().Which;

        refusal.Message.Should().Contain($"is in use by another Unotify process (process {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}, ")
            .And.Contain("stop that one first").And.Contain("the admin commands (unotify hooks, dead, deliveries, explain) use its server");
    }

    [Fact]
    public async Task A_data_directory_is_free_again_once_its_server_stopped()
    {
        using var directory = new TemporaryDirectory();
        await (await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path })).DisposeAsync();

        await using var again = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path });

        again.IsEmbedded.Should().BeTrue();
        File.Exists(Path.Combine(directory.Path, "unotify.pid")).Should().BeTrue("the holder says who it is");
    }

    [Fact]
    public void A_holder_file_left_by_a_process_that_ended_does_not_lock_the_directory()
    {
        using var directory = new TemporaryDirectory();
        // A holder killed with SIGKILL leaves its holder file behind; only the lock, which the kernel released, decides.
        File.WriteAllText(Path.Combine(directory.Path, "unotify.pid"), "999999\nunotify all\n2026-01-01 00:00:00Z");

        using var taken = DataDirectoryLock.Acquire(directory.Path);

        File.ReadAllText(Path.Combine(directory.Path, "unotify.pid")).Should().StartWith(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
    }
}
