namespace Unotify.Core.Registry;

/// <summary>How <see cref="CachingHookRegistry"/> keeps decrypted hooks in memory.</summary>
public sealed record HookCacheOptions
{
    /// <summary>The default <see cref="TimeToLive"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="MaxEntries"/>: 10,000 hooks.</summary>
    public const int DefaultMaxEntries = 10_000;

    /// <summary>
    /// How long a loaded hook is served from memory. It bounds how stale a hook can be when a change announcement is
    /// lost. <see cref="TimeSpan.Zero"/> turns the cache off: every lookup goes to Redis.
    /// </summary>
    public TimeSpan TimeToLive { get; init; } = DefaultTimeToLive;

    /// <summary>The most hooks kept; when a load would exceed it, the whole cache is cleared and fills again on demand.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>Whether hooks are cached at all (<see cref="TimeToLive"/> is longer than zero).</summary>
    public bool Enabled => TimeToLive > TimeSpan.Zero;
}
