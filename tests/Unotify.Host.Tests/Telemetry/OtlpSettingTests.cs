using Unotify.Host.Hosting;

namespace Unotify.Host.Tests.Telemetry;

public sealed class OtlpSettingTests
{
    [Theory]
    [InlineData("not a url")]
    [InlineData("otel-collector:4318")]
    [InlineData("ftp://otel-collector:4318")]
    public async Task An_OTLP_endpoint_that_is_not_an_http_address_stops_start_up_saying_what_to_set(string endpoint)
    {
        var starting = () => UnotifyHost.CreateAsync(HostRole.All, ["--workers", "nowhere.yaml"], name => name == "OTEL_EXPORTER_OTLP_ENDPOINT" ? endpoint : null);

        (await starting.Should().ThrowAsync<FormatException>()).Which.Message.Should().Be(
            $"OTEL_EXPORTER_OTLP_ENDPOINT is '{endpoint}'; set the OpenTelemetry collector's address, such as http://otel-collector:4318 "
            + "(with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) or http://otel-collector:4317 (grpc, the default), or unset it to export nothing.");
    }
}
