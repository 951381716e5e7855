using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;
using Unotify.Host.Logging;

namespace Unotify.Host.Tests.Logging;

public sealed class QuietConsoleEnricherTests
{
    private static string Format(string template, params (string Name, object Value)[] properties)
    {
        var logEvent = new LogEvent(
            DateTimeOffset.UnixEpoch, LogEventLevel.Error, null, new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));
        new QuietConsoleEnricher().Enrich(logEvent, null!);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        new ReadableTextFormatter(CultureInfo.InvariantCulture).Format(logEvent, output);
        return output.ToString();
    }

    [Fact]
    public void Drops_the_request_properties_every_line_carries()
    {
        Format("Queued", ("RequestId", "0HN1:00000001"), ("ConnectionId", "0HN1"), ("DeliveryId", "72d3"))
            .Should().EndWith($"Queued {{\"DeliveryId\":\"72d3\"}}{Environment.NewLine}");
    }

    [Fact]
    public void Keeps_a_request_id_the_message_shows_so_a_500_can_be_found_in_the_log()
    {
        Format("{Method} {Path} failed (request id {RequestId}); answered 500", ("Method", "POST"), ("Path", "/p"), ("RequestId", "0HN1:00000001"))
            .Should().EndWith($"POST /p failed (request id 0HN1:00000001); answered 500{Environment.NewLine}");
    }
}
