using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Unotify.Core.Storage;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>
/// The watch reads real files (sparse, so a "200 MB" append-only file costs nothing) on a fake clock: Garnet's stall
/// itself is reproduced by <c>EmbeddedGarnetDiskTests</c> and bench/garnet-index.
/// </summary>
public sealed class CheckpointWatchTests : IDisposable
{
    private const long Megabyte = 1024 * 1024;
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RecordingLogger<CheckpointWatchTests> _logger = new();
    private readonly CheckpointWatch _watch;
    private int _segment;

    public CheckpointWatchTests() => _watch = new CheckpointWatch(_directory.Path, 16 * Megabyte, _time, _logger);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_file_that_stays_past_twice_its_limit_without_shrinking_for_five_minutes_is_reported_as_an_error()
    {
        Grow(40);
        for (var check = 0; check < 10; check++)
        {
            _watch.Check();
            Grow(1);
            _time.Advance(CheckpointWatch.Interval);
        }

        _logger.Entries.Should().BeEmpty("four and a half minutes are within the patience");
        _watch.Check();

        var error = _logger.Entries.Should().ContainSingle().Subject;
        error.Level.Should().Be(LogLevel.Error);
        error.Message.Should().Contain("checkpoints have stopped").And.Contain("50 MB").And.Contain("past 16 MB").And.Contain("5 minutes").And.Contain(_directory.Path);
        _watch.Stalled.Should().BeTrue();
    }

    [Fact]
    public void A_file_that_shrinks_now_and_then_is_a_store_whose_checkpoints_finish_however_large_it_gets()
    {
        for (var check = 0; check < 40; check++)
        {
            Grow(30);
            if (check % 8 == 7)
            {
                Shrink();
            }

            _watch.Check();
            _time.Advance(CheckpointWatch.Interval);
        }

        _logger.Entries.Should().BeEmpty();
    }

    [Fact]
    public void A_quiet_store_under_twice_the_limit_is_never_reported()
    {
        Grow(30);
        for (var check = 0; check < 60; check++)
        {
            _watch.Check();
            _time.Advance(CheckpointWatch.Interval);
        }

        _logger.Entries.Should().BeEmpty();
    }

    [Fact]
    public void A_stall_that_lasts_is_reported_again_every_half_hour_and_its_end_once()
    {
        Grow(20);
        Grow(20);
        for (var minute = 0; minute <= 65; minute++)
        {
            _watch.Check();
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        _logger.Entries.Select(entry => entry.Level).Should().Equal(LogLevel.Error, LogLevel.Error, LogLevel.Error);
        Shrink();
        _watch.Check();
        _watch.Check();

        _logger.Entries.Should().HaveCount(4);
        _logger.Entries.Last().Should().Match<(LogLevel Level, EventId EventId, string Message)>(entry =>
            entry.Level == LogLevel.Information && entry.Message.Contains("finish again", StringComparison.Ordinal));
        _watch.Stalled.Should().BeFalse();
    }

    [Fact]
    public async Task The_watch_checks_on_its_own_clock_until_cancelled()
    {
        Grow(40);
        using var stop = new CancellationTokenSource();
        var running = _watch.RunAsync(_directory.Path, stop.Token);
        for (var step = 0; step < 12 && _logger.Entries.IsEmpty; step++)
        {
            _time.Advance(CheckpointWatch.Interval);
            await Task.Delay(50);
        }

        _logger.Entries.Should().ContainSingle().Which.Level.Should().Be(LogLevel.Error);
        Gauges().Should().Contain(("unotify.store.append_only_file", 40 * Megabyte)).And.Contain(("unotify.store.checkpoints_stalled", 1));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        Gauges().Should().BeEmpty("a stopped server is no longer reported");
    }

    /// <summary>What the store's gauges report for this test's directory when scraped now.</summary>
    private List<(string Instrument, long Value)> Gauges()
    {
        var read = new List<(string, long)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, meter) =>
        {
            if (instrument.Meter.Name == "Unotify.Store")
            {
                meter.EnableMeasurementEvents(instrument);
            }
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "data_directory", Value: string directory } && directory == _directory.Path)
                {
                    read.Add((instrument.Name, value));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return read;
    }

    [Fact]
    public void A_directory_not_there_yet_reads_as_an_empty_file()
    {
        var watch = new CheckpointWatch(Path.Combine(_directory.Path, "missing"), 16 * Megabyte, _time, _logger);
        for (var check = 0; check < 20; check++)
        {
            watch.Check();
            _time.Advance(CheckpointWatch.Interval);
        }

        _logger.Entries.Should().BeEmpty();
    }

    private void Grow(int megabytes)
    {
        using var file = new FileStream(Path.Combine(_directory.Path, $"aof.log.{_segment++}"), FileMode.CreateNew);
        file.SetLength(megabytes * Megabyte);
    }

    private void Shrink()
    {
        foreach (var file in Directory.EnumerateFiles(_directory.Path).Order().SkipLast(1))
        {
            File.Delete(file);
        }
    }
}
