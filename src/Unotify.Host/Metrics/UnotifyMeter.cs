using System.Diagnostics.Metrics;

namespace Unotify.Host.Metrics;

/// <summary>The host's own instruments, on the <c>Unotify</c> meter that the queue's job counters also use.</summary>
internal sealed class UnotifyMeter : IDisposable
{
    public const string Name = "Unotify";

    private readonly Meter _meter = new(Name);

    public UnotifyMeter()
    {
        HttpRequests = _meter.CreateCounter<long>("unotify.http.requests", description: "HTTP requests by route, method and status.");
    }

    public Counter<long> HttpRequests { get; }

    public void Dispose() => _meter.Dispose();
}
