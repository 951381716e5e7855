using Microsoft.Extensions.Logging;
using Unotify.Core.Storage;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public sealed class StoreOutageTests
{
    [Fact]
    public void A_thousand_failed_calls_over_a_minute_log_one_warning_a_count_every_half_minute_and_one_line_when_the_store_answers()
    {
        var clock = new AdjustableClock();
        var log = new RecordingLogger<StoreOutage>();
        var outage = new StoreOutage(log, clock);

        for (var i = 0; i < 1000; i++)
        {
            outage.Failed("It was not possible to connect to the redis server(s)");
            clock.Advance(TimeSpan.FromMilliseconds(65));
        }

        outage.IsDown.Should().BeTrue();
        outage.Succeeded();
        outage.Succeeded();

        var lines = log.Entries.ToList();
        lines.Select(line => line.EventId.Id).Should().Equal(5001, 5002, 5002, 5003);
        lines[0].Level.Should().Be(LogLevel.Warning);
        lines[0].Message.Should().Contain("unreachable").And.Contain("answered 503").And.Contain("UNOTIFY_REDIS");
        lines[1].Message.Should().Contain("still unreachable").And.Contain("462 call(s) failed");
        lines[3].Level.Should().Be(LogLevel.Information);
        lines[3].Message.Should().Contain("reachable again").And.Contain("1000 call(s) failed");
        outage.IsDown.Should().BeFalse();
    }

    [Fact]
    public void A_store_that_always_answers_logs_nothing()
    {
        var log = new RecordingLogger<StoreOutage>();
        var outage = new StoreOutage(log, TimeProvider.System);

        outage.Succeeded();

        log.Entries.Should().BeEmpty();
    }
}
