using Unotify.Core.Registry;

namespace Unotify.Host.Hosting;

/// <summary>Starts the hook cache's change subscription with the host, before Kestrel takes requests, and ends it on stop.</summary>
internal sealed class HookCacheSubscription(CachingHookRegistry cache) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => cache.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await cache.DisposeAsync();
}
