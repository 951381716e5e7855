using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Unotify.Host.Logging;

/// <summary>Writes formatted log events to a <see cref="TextWriter"/> (for tests and tools that capture the log).</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
