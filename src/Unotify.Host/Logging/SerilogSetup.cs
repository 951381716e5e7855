using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Unotify.Host.Hosting;

namespace Unotify.Host.Logging;

/// <summary>Builds the host's Serilog logger: readable console lines, or compact JSON with <c>UNOTIFY_LOG_JSON=true</c>.</summary>
internal static class SerilogSetup
{
    /// <summary>Creates the logger.</summary>
    /// <param name="settings">The level and format.</param>
    /// <param name="output">Where to write; standard output when <see langword="null"/>.</param>
    public static Serilog.Core.Logger Create(HostSettings settings, TextWriter? output = null)
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
                ? (output is null ? configuration.WriteTo.Console(new CompactJsonFormatter()) : configuration.WriteTo.Sink(new TextWriterSink(new CompactJsonFormatter(), output)))
                : Readable(configuration.Enrich.With<QuietConsoleEnricher>(), output))
            .CreateLogger();
    }

    private static LoggerConfiguration Readable(LoggerConfiguration configuration, TextWriter? output)
    {
        var formatter = new ReadableTextFormatter(System.Globalization.CultureInfo.InvariantCulture);
        return output is null
            ? configuration.WriteTo.Console(formatter)
            : configuration.WriteTo.Sink(new TextWriterSink(formatter, output));
    }
}
