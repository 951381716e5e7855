namespace Unotify.Sdk;

/// <summary>A string cache with expiry, shared by every replica of a worker (it lives in Redis).</summary>
/// <remarks>Keys are scoped to the worker by the host. Values are opaque strings; store JSON for structured data.</remarks>
public interface ISharedCache
{
    /// <summary>The value stored under <paramref name="key"/>, or <see langword="null"/> when absent or expired.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="timeToLive"/>.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="value">The value.</param>
    /// <param name="timeToLive">How long the value is kept.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken);
}
