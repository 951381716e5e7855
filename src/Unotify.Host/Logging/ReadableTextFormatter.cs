using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace Unotify.Host.Logging;

/// <summary>
/// The console format for people: the message, then only the properties the message did not already show. Serilog's
/// <c>{Properties}</c> token prints <c>{}</c> on every line that has none, which is most of them.
/// </summary>
internal sealed class ReadableTextFormatter : ITextFormatter
{
    private const string Head = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}";
    private readonly MessageTemplateTextFormatter _withProperties;
    private readonly MessageTemplateTextFormatter _withoutProperties;

    public ReadableTextFormatter(IFormatProvider formatProvider)
    {
        _withProperties = new MessageTemplateTextFormatter(Head + " {Properties:j}{NewLine}{Exception}", formatProvider);
        _withoutProperties = new MessageTemplateTextFormatter(Head + "{NewLine}{Exception}", formatProvider);
    }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var formatter = HasPropertiesOutsideTheMessage(logEvent) ? _withProperties : _withoutProperties;
        formatter.Format(logEvent, output);
    }

    private static bool HasPropertiesOutsideTheMessage(LogEvent logEvent)
    {
        foreach (var name in logEvent.Properties.Keys)
        {
            if (!IsInMessage(logEvent.MessageTemplate, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInMessage(MessageTemplate template, string name)
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
