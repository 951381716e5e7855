using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;
using Unotify.Host.Logging;

namespace Unotify.Host.Tests.Logging;

public sealed class ReadableTextFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 3, 47, 48, TimeSpan.Zero);

    private static string Format(string template, params (string Name, object Value)[] properties)
    {
        var logEvent = new LogEvent(
            At, LogEventLevel.Information, null, new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        new ReadableTextFormatter(CultureInfo.InvariantCulture).Format(logEvent, output);
        return output.ToString();
    }

    [Fact]
    public void Prints_no_empty_braces_when_the_message_shows_every_property()
    {
        Format("Listening on {Address}", ("Address", "http://127.0.0.1:9091"))
            .Should().Be($"[{At.ToLocalTime():HH:mm:ss} INF] Listening on http://127.0.0.1:9091{Environment.NewLine}");
    }

    [Fact]
    public void Prints_the_properties_the_message_does_not_show()
    {
        Format("Queued", ("DeliveryId", "72d3162e"))
            .Should().Be($"[{At.ToLocalTime():HH:mm:ss} INF] Queued {{\"DeliveryId\":\"72d3162e\"}}{Environment.NewLine}");
    }
}
