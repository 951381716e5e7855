using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Unotify.Core.Registry;
using Unotify.Core.Storage;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>
/// A kill in the middle of a commit can leave the append-only file ending in a commit record of which only the length
/// and version reached the disk; Garnet 2.2.12 reads the rest as zeros, takes it for "nothing committed" and starts
/// empty. The embedded store erases such a record before Garnet reads the file, and recovers up to the commit before it.
/// </summary>
public sealed class TornCommitRecordTests
{
    private const long Page = 8 << 20;
    private const long Segment = 32 << 20;

    [Fact]
    public void A_file_that_ends_in_whole_records_is_left_as_it_is()
    {
        using var directory = new TemporaryDirectory();
        var log = new LogFile().Data(97).Commit().Data(81).Data(5).Commit();
        var path = log.WriteTo(directory.Path, segment: 0, padToSector: true);

        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().BeNull();
        File.ReadAllBytes(path).Should().Equal(log.Bytes(padToSector: true));
    }

    [Fact]
    public void A_commit_record_cut_after_its_version_at_the_end_of_the_file_is_erased_and_the_records_before_it_are_kept()
    {
        using var directory = new TemporaryDirectory();
        var log = new LogFile().Data(97).Commit().Data(150);
        var whole = log.Length;
        log.CommitCutAfter(8); // its length and version: what a kill -9 left in the data directory of a failed chaos run
        var path = log.WriteTo(directory.Path, segment: 0, padToSector: false);

        var erased = TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment);

        erased.Should().Be(new TornCommitRecord.Erased(path, whole, 8, 40));
        var bytes = File.ReadAllBytes(path);
        bytes.Should().HaveCount(log.Length, "the file keeps its length");
        bytes[..whole].Should().Equal(log.Bytes(padToSector: false)[..whole]);
        bytes[whole..].Should().OnlyContain(b => b == 0);
        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().BeNull("once erased, the file ends in whole records");
    }

    [Fact]
    public void A_commit_record_whose_rest_is_zeros_inside_the_file_is_erased()
    {
        using var directory = new TemporaryDirectory();
        var log = new LogFile().Data(97).Commit();
        var whole = log.Length;
        log.CommitCutAfter(8);
        var path = log.WriteTo(directory.Path, segment: 0, padToSector: true);

        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().Be(new TornCommitRecord.Erased(path, whole, 44, 40));
        File.ReadAllBytes(path)[whole..].Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void A_bad_commit_record_with_records_after_it_is_not_a_cut_at_the_end_and_is_left_to_Garnet()
    {
        using var directory = new TemporaryDirectory();
        var log = new LogFile().Data(97).CommitNaming(until: 12_345).Data(30).Commit();
        var path = log.WriteTo(directory.Path, segment: 0, padToSector: true);

        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().BeNull();
        File.ReadAllBytes(path).Should().Equal(log.Bytes(padToSector: true));
    }

    [Fact]
    public void A_data_record_cut_short_at_the_end_is_left_to_Garnet_which_recovers_to_the_commit_before_it_by_itself()
    {
        using var directory = new TemporaryDirectory();
        var log = new LogFile().Data(97).Commit().Data(300);
        var path = log.WriteTo(directory.Path, segment: 0, padToSector: false, cutLast: 200);

        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().BeNull();
        File.ReadAllBytes(path).Should().HaveCount(log.Length - 200);
    }

    [Fact]
    public void Only_the_last_page_of_the_last_segment_is_read_and_its_addresses_count_from_the_segment()
    {
        using var directory = new TemporaryDirectory();
        // An earlier segment with a bad record at its end: not the end of the log, so not touched.
        var earlier = new LogFile().Data(97).CommitCutAfter(8);
        var earlierPath = earlier.WriteTo(directory.Path, segment: 2, padToSector: false);

        // Segment 3, second page: records start at the page's first byte, addresses at 3 segments and one page.
        var pageAddress = 3 * Segment + Page;
        var last = new LogFile(pageAddress, firstRecord: 0).Data(40).Commit().Data(12);
        var whole = last.Length;
        last.CommitCutAfter(8);
        var path = Path.Combine(directory.Path, "aof.log.3");
        using (var file = File.Create(path))
        {
            file.Write(new byte[Page]); // the first page, as a checkpoint's truncation leaves it: not read
            file.Write(last.Bytes(padToSector: false));
        }

        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().Be(new TornCommitRecord.Erased(path, pageAddress + whole, 8, 40));
        File.ReadAllBytes(earlierPath).Should().Equal(earlier.Bytes(padToSector: false));
    }

    [Fact]
    public void A_directory_without_an_append_only_file_is_left_alone()
    {
        using var directory = new TemporaryDirectory();
        TornCommitRecord.EraseAtEnd(Path.Combine(directory.Path, "AOF"), Page, Segment).Should().BeNull();
        File.WriteAllBytes(Path.Combine(directory.Path, "aof.log.0"), []);
        TornCommitRecord.EraseAtEnd(directory.Path, Page, Segment).Should().BeNull();
    }

    [Fact]
    public async Task The_data_directory_a_kill_left_in_a_chaos_run_recovers_every_commit_before_the_cut_one_and_says_so()
    {
        // The directory of a failed run, as the kill left it (2026-12-08): Garnet 2.2.12 alone starts empty on it.
        using var directory = new TemporaryDirectory();
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "torn-commit-record"), directory.Path);
        var log = new RecordingLogger<TornCommitRecordTests>();

        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path }, loggerFactory: new OneLoggerFactory(log));

        ((string?)await store.Database.StringGetAsync(EmbeddedStoreMarker.SentinelKey)).Should().Be("9d54d68b1f734db28b653a702a72940e");
        log.Entries.Should().ContainSingle(entry => entry.EventId.Id == 5020).Which.Message
            .Should().Contain("ended in a commit record that the last process's crash cut short (8 of its 44 bytes on disk, at address 202232 of ")
            .And.Contain("aof.log.0").And.Contain("would start empty");
    }

    [Fact]
    public async Task A_store_whose_last_commit_record_was_cut_after_its_version_starts_again_with_everything_committed_before_it()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };
        await using (var store = await RedisStore.OpenAsync(options))
        {
            var hooks = new RedisHookRegistry(store);
            for (var repo = 1; repo <= 20; repo++)
            {
                await hooks.RegisterAsync("github", repo.ToString(System.Globalization.CultureInfo.InvariantCulture), null, CancellationToken.None);
            }
        }

        // The next commit record, cut as a kill cuts it at a sector: its length and version only.
        var aof = Path.Combine(directory.Path, "garnet", "checkpoints", "AOF", "aof.log.0");
        var end = EndOfRecords(File.ReadAllBytes(aof));
        using (var file = new FileStream(aof, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(end);
            file.Position = end;
            file.Write([0xd8, 0xff, 0xff, 0xff, 1, 0, 0, 0]);
        }

        await using (var store = await RedisStore.OpenAsync(options))
        {
            (await new RedisHookRegistry(store).ListAsync(null, CancellationToken.None)).Should().HaveCount(20);
        }
    }

    /// <summary>The offset of the first zero length in a one-page segment 0: where the next record would go.</summary>
    private static int EndOfRecords(byte[] segment)
    {
        var position = 64;
        while (position + 4 <= segment.Length && BinaryPrimitives.ReadInt32LittleEndian(segment.AsSpan(position)) is var length and not 0)
        {
            position += 4 + ((Math.Abs(length) + 3) & ~3);
        }

        return position;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>A page of the append-only file in the layout of Tsavorite 2.2.12 (see <see cref="TornCommitRecord"/>).</summary>
    private sealed class LogFile(long pageAddress = 0, int firstRecord = 64)
    {
        private readonly List<byte> _bytes = [.. new byte[firstRecord]];
        private long _commits;

        public int Length => _bytes.Count;

        public LogFile Data(int length)
        {
            Header(length);
            _bytes.AddRange(Enumerable.Range(0, (length + 3) & ~3).Select(n => (byte)(n < length ? 'a' + n % 26 : 0)));
            return this;
        }

        public LogFile Commit() => CommitNaming(until: pageAddress + Length + 44);

        public LogFile CommitNaming(long until)
        {
            var body = new byte[40];
            BinaryPrimitives.WriteInt32LittleEndian(body, 1);
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(12), 64);
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(20), until);
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(28), ++_commits);
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(36), -1);
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(4), 64 ^ until ^ _commits ^ -1);
            Header(-40);
            _bytes.AddRange(body);
            return this;
        }

        /// <summary>A commit record of which only the first <paramref name="bytes"/> (header included) are in the file.</summary>
        public LogFile CommitCutAfter(int bytes)
        {
            var start = Length;
            Commit();
            _bytes.RemoveRange(start + bytes, Length - start - bytes);
            return this;
        }

        public byte[] Bytes(bool padToSector) =>
            [.. _bytes, .. new byte[padToSector ? (512 - Length % 512) % 512 : 0]];

        public string WriteTo(string directory, long segment, bool padToSector, int cutLast = 0)
        {
            var path = Path.Combine(directory, $"aof.log.{segment}");
            File.WriteAllBytes(path, Bytes(padToSector)[..^(cutLast == 0 ? 0 : cutLast)]);
            return path;
        }

        private void Header(int length)
        {
            var header = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(header, length);
            _bytes.AddRange(header);
        }
    }

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
