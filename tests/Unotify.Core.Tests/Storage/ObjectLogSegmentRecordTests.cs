using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public sealed class ObjectLogSegmentRecordTests
{
    [Fact]
    public void A_new_data_directory_gets_the_wanted_size_and_records_it()
    {
        using var directory = new TemporaryDirectory();

        ObjectLogSegmentRecord.Resolve(directory.Path, "64m").Should().Be("64m");

        File.ReadAllText(Path.Combine(directory.Path, ObjectLogSegmentRecord.FileName)).Should().Be("64m\n");
        ObjectLogSegmentRecord.Resolve(directory.Path, "8m").Should().Be("64m", "the directory was written with 64m");
    }

    [Fact]
    public void A_directory_garnet_wrote_before_the_record_existed_keeps_garnets_default()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "log", "Store"));
        File.WriteAllBytes(Path.Combine(directory.Path, "log", "Store", "hlog.0"), [1]);

        ObjectLogSegmentRecord.Resolve(directory.Path, "64m").Should().Be("1g");
        File.ReadAllText(Path.Combine(directory.Path, ObjectLogSegmentRecord.FileName)).Should().Be("1g\n");
    }

    [Fact]
    public void Empty_folders_left_by_a_start_that_wrote_nothing_are_a_new_directory()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "log"));
        Directory.CreateDirectory(Path.Combine(directory.Path, "checkpoints"));

        ObjectLogSegmentRecord.Resolve(directory.Path, "64m").Should().Be("64m");
    }

    [Theory]
    [InlineData("")]
    [InlineData("64")]
    [InlineData("sixty-four megabytes")]
    [InlineData("64m 1g")]
    public void A_record_that_is_not_a_size_stops_the_start_and_says_what_to_write_back(string content)
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, ObjectLogSegmentRecord.FileName);
        File.WriteAllText(path, content);

        var resolving = () => ObjectLogSegmentRecord.Resolve(directory.Path, "64m");

        resolving.Should().Throw<StoreConfigurationException>()
            .Which.Message.Should().Contain(path).And.Contain("not a size").And.Contain("write back").And.Contain("1g");
        File.ReadAllText(path).Should().Be(content, "the record is left for the operator to mend");
    }

    [Fact]
    public async Task Objects_written_by_a_release_before_the_record_are_read_back_after_the_upgrade()
    {
        using var directory = new TemporaryDirectory();
        var hash = Enumerable.Range(0, 200).Select(n => new HashEntry($"field-{n}", new string((char)('a' + n % 26), 1000))).ToArray();
        var filler = new byte[20 * 1024];
        Random.Shared.NextBytes(filler);

        // Written as releases before the record wrote (Garnet's 1 GB segments), and more than the 4 MB segment the
        // upgrade would choose for a new directory, so objects sit past the first segment of the smaller size.
        await using (var earlier = EmbeddedGarnetServer.Start(directory.Path, new EmbeddedGarnetSizes("8m", "8m", "16m", "1g"), TimeSpan.FromMinutes(10)))
        {
            await using var connection = await ConnectAsync(earlier);
            var db = connection.GetDatabase();
            for (var n = 0; n < 60; n++)
            {
                await db.HashSetAsync($"record:{n}", hash);
            }

            // Pushes the hashes out of the log's memory into the object log, and past a checkpoint.
            await Task.WhenAll(Enumerable.Range(0, 3_000).Select(n => db.StringSetAsync($"job:{n}", filler)));
            await Task.WhenAll(Enumerable.Range(0, 3_000).Select(n => db.KeyDeleteAsync($"job:{n}")));
            await Task.Delay(TimeSpan.FromSeconds(6));
        }

        Directory.EnumerateFiles(Path.Combine(directory.Path, "garnet", "log"), "hlog_objs.*", SearchOption.AllDirectories)
            .Sum(file => new FileInfo(file).Length).Should().BeGreaterThan(8L << 20, "the objects reached the object log, past a 4 MB segment");
        File.Delete(Path.Combine(directory.Path, "garnet", ObjectLogSegmentRecord.FileName)); // earlier releases wrote none

        await using var upgraded = EmbeddedGarnetServer.Start(directory.Path, new EmbeddedGarnetSizes("8m", "8m", "16m", "4m"), TimeSpan.FromMinutes(10));
        await using var reconnection = await ConnectAsync(upgraded);
        var reopened = reconnection.GetDatabase();
        for (var n = 0; n < 60; n++)
        {
            (await reopened.HashGetAllAsync($"record:{n}")).Should().BeEquivalentTo(hash, $"record:{n} was written before the upgrade");
        }

        File.ReadAllText(Path.Combine(directory.Path, "garnet", ObjectLogSegmentRecord.FileName)).Should().Be("1g\n");
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(EmbeddedGarnetServer server) =>
        ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",syncTimeout=10000,asyncTimeout=10000");
}
