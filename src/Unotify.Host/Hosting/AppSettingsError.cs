using System.Text.Json;
using Unotify.Core.Configuration;

namespace Unotify.Host.Hosting;

/// <summary>Turns a configuration file .NET could not load (a syntax error in appsettings.json) into a start-up error with its position.</summary>
internal static class AppSettingsError
{
    /// <summary>The error for <paramref name="exception"/>, as the configuration system throws it for a file it cannot parse.</summary>
    /// <param name="exception">The configuration system's exception: "Failed to load configuration from file '…'".</param>
    /// <returns>A configuration exception naming the file, line and column.</returns>
    public static ConfigurationException From(InvalidDataException exception)
    {
        var file = FileOf(exception.Message) ?? "appsettings.json";
        var json = Causes(exception).OfType<JsonException>().FirstOrDefault();
        var reason = json is null ? Causes(exception).Last().Message : json.Message.Split(" LineNumber:", 2)[0].Trim();
        return new ConfigurationException(
        [
            new ConfigurationError(
                file,
                string.Empty,
                (int)(json?.LineNumber + 1 ?? 0),
                (int)(json?.BytePositionInLine + 1 ?? 0),
                $"the file is not valid JSON: {reason}",
                "correct the JSON at this point (a missing quote, comma or brace), or remove the file to use the defaults."),
        ]);
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static string? FileOf(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? Path.GetRelativePath(Directory.GetCurrentDirectory(), message[(start + 1)..end]) : null;
    }
}
