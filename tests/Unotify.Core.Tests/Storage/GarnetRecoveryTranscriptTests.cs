using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public sealed class GarnetRecoveryTranscriptTests
{
    [Fact]
    public void Keeps_every_level_with_the_exception_message_and_leaves_out_the_options_dump_banners_and_the_password()
    {
        var transcript = new GarnetRecoveryTranscript();
        transcript.Record(LogLevel.Information, "Garnet 2.2.12 64 bit; standalone mode", null);
        transcript.Record(LogLevel.Information, "  \"Recover\": true,", null);
        transcript.Record(LogLevel.Information, "********* Primary Recovery Information ********", null);
        transcript.Record(LogLevel.Information, "{", null);
        transcript.Record(LogLevel.Information, "Auth: Password 5F3A…", null);
        transcript.Record(LogLevel.Debug, "Unable to recover using any available commit", null);
        transcript.Record(LogLevel.Information, "No Hybrid Log found for recovery", new InvalidOperationException("no token"));

        transcript.Describe("/nonexistent-unotify-directory").Should().Be(
            "What Garnet said while it recovered: [Information] Garnet 2.2.12 64 bit; standalone mode | [Debug] Unable to recover using any available commit | "
            + "[Information] No Hybrid Log found for recovery (InvalidOperationException: no token). "
            + "Its files: none (no directory).");
    }

    [Fact]
    public void Stops_recording_once_stopped_and_keeps_the_first_line_and_the_last_forty_of_at_most_400_characters()
    {
        var transcript = new GarnetRecoveryTranscript();
        transcript.Record(LogLevel.Information, new string('x', 1000), null);
        for (var line = 1; line < 100; line++)
        {
            transcript.Record(LogLevel.Trace, $"line {line}", null);
        }

        transcript.Stop();
        transcript.Record(LogLevel.Error, "after the start", null);

        var description = transcript.Describe("/nonexistent-unotify-directory");
        description.Should().StartWith("What Garnet said while it recovered: [Information] " + new string('x', 400) + "… | (59 lines left out) | [Trace] line 60 | ")
            .And.EndWith("| [Trace] line 99. Its files: none (no directory).").And.NotContain("line 59 ").And.NotContain("after the start");
        transcript.IsRecording.Should().BeFalse();
    }

    [Fact]
    public async Task Lists_the_store_files_with_their_sizes_relative_to_the_store_directory()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "checkpoints", "AOF", "log-commits"));
        await File.WriteAllBytesAsync(Path.Combine(directory.Path, "checkpoints", "AOF", "aof.log.0"), new byte[2048]);
        await File.WriteAllBytesAsync(Path.Combine(directory.Path, "checkpoints", "AOF", "log-commits", "commit.7.0"), new byte[512]);

        GarnetRecoveryTranscript.DescribeFiles(directory.Path).Should().Be(
            $"{Path.Combine("checkpoints", "AOF", "aof.log.0")} (2,048 bytes), {Path.Combine("checkpoints", "AOF", "log-commits", "commit.7.0")} (512 bytes)");
        Directory.Delete(Path.Combine(directory.Path, "checkpoints"), recursive: true);
        GarnetRecoveryTranscript.DescribeFiles(directory.Path).Should().Be("none");
    }

    [Fact]
    public async Task A_server_records_what_it_says_while_it_starts_and_nothing_once_it_runs()
    {
        using var directory = new TemporaryDirectory();
        await using var server = EmbeddedGarnetServer.Start(directory.Path, NullLoggerFactory.Instance);
        var started = server.DescribeRecovery();
        started.Should().Contain("[Information] Recovered AOF: begin address = ", "the recovery is recorded at every level");

        // Sessions and writes make Garnet log at Debug level: none of it is recorded once the server runs.
        for (var session = 0; session < 3; session++)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
            await connection.GetDatabase().StringSetAsync($"key-{session}", "value");
        }

        server.DescribeRecovery().Split(" Its files: ")[0].Should().Be(started.Split(" Its files: ")[0]);
    }
}
