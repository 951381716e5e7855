using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Unotify.Host.Logging;

/// <summary>
/// For the readable console only: drops the properties every ASP.NET Core line carries (event id, source, request
/// and connection ids), so what is left after the message is what matters, such as the delivery id. A property the
/// message itself shows stays: the error boundary's line names the request id an answer of 500 points to.
/// </summary>
internal sealed class QuietConsoleEnricher : ILogEventEnricher
{
    private static readonly string[] Noise = ["EventId", "SourceContext", "RequestId", "RequestPath", "ConnectionId"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in Noise)
        {
            if (logEvent.Properties.ContainsKey(name) && !Shows(logEvent.MessageTemplate, name))
            {
                logEvent.RemovePropertyIfPresent(name);
            }
        }
    }

    private static bool Shows(MessageTemplate template, string name)
    {
        foreach (var token in template.Tokens)
        {
            if (token is PropertyToken property && property.PropertyName == name)
            {
                return true;
            }
        }

        return false;
    }
}
