using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Unotify.Host.Hosting;

namespace Unotify.Host.Logging;

/// <summary>Builds the host's Serilog logger: readable console lines, or compact JSON with <c>UNOTIFY_LOG_JSON=true</c>.</summary>
internal static class SerilogSetup
{
    public static Serilog.Core.Logger Create(HostSettings settings)
    {
        if (!Enum.TryParse<LogEventLevel>(settings.LogLevel, ignoreCase: true, out var level))
        {
            level = settings.LogLevel.ToLowerInvariant() switch
            {
                "trace" => LogEventLevel.Verbose,
                "critical" => LogEventLevel.Fatal,
                _ => throw new FormatException($"UNOTIFY_LOG_LEVEL is '{settings.LogLevel}'; use Trace, Debug, Information, Warning, Error or Critical."),
            };
        }

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        return (settings.LogJson
                ? configuration.WriteTo.Console(new CompactJsonFormatter())
                : configuration.Enrich.With<QuietConsoleEnricher>().WriteTo.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture))
            .CreateLogger();
    }
}
