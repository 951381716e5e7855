namespace Unotify.Sdk.Testing;

/// <summary>The host's shared cache in memory, for tests: entries expire on the given <see cref="TimeProvider"/>. Thread-safe.</summary>
/// <param name="timeProvider">The clock that ages entries; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class InMemorySharedCache(TimeProvider? timeProvider = null) : ISharedCache
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _entries =
        new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) && entry.Expires > _clock.GetUtcNow() ? entry.Value : null);

    /// <inheritdoc />
    public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        _entries[key] = (value, _clock.GetUtcNow() + timeToLive);
        return Task.CompletedTask;
    }
}
