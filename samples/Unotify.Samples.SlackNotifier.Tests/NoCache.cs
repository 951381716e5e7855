using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier.Tests;

/// <summary>A shared cache that keeps nothing; the notifier does not cache.</summary>
public sealed class NoCache : ISharedCache
{
    public Task<string?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken) => Task.CompletedTask;
}
