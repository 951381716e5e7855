using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public sealed class EmbeddedGarnetLogTests
{
    [Fact]
    public async Task Stopping_the_embedded_server_logs_no_error_for_its_background_tasks_being_cancelled()
    {
        using var directory = new TemporaryDirectory();
        var log = new Recorder();

        for (var start = 0; start < 3; start++)
        {
            await using var server = EmbeddedGarnetServer.Start(directory.Path, log);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        log.Entries.Where(entry => entry.Level >= LogLevel.Error).Should().BeEmpty("a normal stop is not an error");
    }

    private sealed class Recorder : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));

        public void Dispose()
        {
        }
    }
}
