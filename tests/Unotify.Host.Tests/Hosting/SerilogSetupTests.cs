using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Unotify.Host.Hosting;
using Unotify.Host.Logging;

namespace Unotify.Host.Tests.Hosting;

public sealed class SerilogSetupTests
{
    [Fact]
    public void With_json_logs_each_line_is_compact_json_carrying_the_delivery_id_of_its_scope()
    {
        using var output = new StringWriter();
        var line = Log(new HostSettings { LogJson = true }, output);

        var json = JsonDocument.Parse(line).RootElement;
        json.GetProperty("@mt").GetString().Should().Be("Queued {Kind}");
        json.GetProperty("Kind").GetString().Should().Be("push");
        json.GetProperty("DeliveryId").GetString().Should().Be("d-123");
    }

    [Fact]
    public void Readable_logs_show_the_delivery_id_and_leave_out_the_noise()
    {
        using var output = new StringWriter();
        var line = Log(new HostSettings(), output);

        line.Should().Contain("Queued push").And.MatchRegex("\"DeliveryId\": ?\"d-123\"").And.NotContain("SourceContext");
    }

    [Fact]
    public void An_unknown_log_level_is_an_error_naming_the_variable()
    {
        var create = () => SerilogSetup.Create(new HostSettings { LogLevel = "Chatty" }, TextWriter.Null);

        create.Should().Throw<FormatException>().WithMessage("UNOTIFY_LOG_LEVEL is 'Chatty'*");
    }

    private static string Log(HostSettings settings, StringWriter output)
    {
        using (var serilog = SerilogSetup.Create(settings, output))
        using (var provider = new SerilogLoggerProvider(serilog))
        {
            var logger = provider.CreateLogger("Unotify.Webhooks");
            using (logger.BeginScope(new Dictionary<string, object> { ["DeliveryId"] = "d-123" }))
            {
                logger.LogInformation("Queued {Kind}", "push");
            }
        }

        return output.ToString().Trim();
    }
}
