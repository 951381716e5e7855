using Serilog.Core;
using Serilog.Events;

namespace Unotify.Host.Logging;

/// <summary>
/// For the readable console only: drops the properties every ASP.NET Core line carries (event id, source, request
/// and connection ids), so what is left after the message is what matters, such as the delivery id.
/// </summary>
internal sealed class QuietConsoleEnricher : ILogEventEnricher
{
    private static readonly string[] Noise = ["EventId", "SourceContext", "RequestId", "RequestPath", "ConnectionId"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in Noise)
        {
            logEvent.RemovePropertyIfPresent(name);
        }
    }
}
