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
        ConfigurationReloads = _meter.CreateCounter<long>(
            "unotify.config.reloads", description: "Reloads of workers.yaml and its state files, by result (applied, unchanged, failed) and trigger (file, signal, api).");
    }

    public Counter<long> HttpRequests { get; }

    /// <summary>Reloads of the configuration, tagged <c>result</c> and <c>trigger</c>.</summary>
    public Counter<long> ConfigurationReloads { get; }

    /// <summary>Publishes <c>unotify.config.reload_failing</c>: 1 while the last reload failed and the previous configuration runs.</summary>
    /// <param name="failing">Whether the last reload failed.</param>
    public void ObserveReloadFailing(Func<bool> failing) =>
        _meter.CreateObservableGauge(
            "unotify.config.reload_failing", () => failing() ? 1 : 0, description: "1 while the last reload of workers.yaml or a state file failed and the previous configuration keeps running; 0 otherwise.");

    public void Dispose() => _meter.Dispose();
}
