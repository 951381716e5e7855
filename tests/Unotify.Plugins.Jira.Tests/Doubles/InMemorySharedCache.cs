using System.Collections.Concurrent;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>A shared cache in memory that remembers each entry's time to live.</summary>
internal sealed class InMemorySharedCache : ISharedCache
{
    public ConcurrentDictionary<string, (string Value, TimeSpan TimeToLive)> Entries { get; } = new(StringComparer.Ordinal);

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Entries.TryGetValue(key, out var entry) ? entry.Value : null);

    public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        Entries[key] = (value, timeToLive);
        return Task.CompletedTask;
    }
}
