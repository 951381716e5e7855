namespace Unotify.Core.Storage;

/// <summary>Where Unotify keeps its data: an external Redis, or an embedded Garnet server under a data directory.</summary>
public sealed record StoreOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (<c>host:port,password=…,ssl=true,…</c>), or <see langword="null"/> to
    /// start an embedded Garnet server (<c>UNOTIFY_REDIS</c>).
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>The embedded server's data directory, also where a generated secret key is kept (<c>UNOTIFY_DATA</c>).</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>The key that encrypts hook secrets at rest: base64 of 32 bytes (<c>UNOTIFY_SECRET_KEY</c>).</summary>
    public string? SecretKey { get; init; }

    /// <summary>The prefix of every Redis key, so several installations can share one Redis (<c>UNOTIFY_KEY_PREFIX</c>).</summary>
    public string KeyPrefix { get; init; } = "unotify";

    /// <summary>
    /// For the admin commands: when another process runs the embedded server on <see cref="DataDirectory"/>, connect to
    /// it (its address and password are in the directory) instead of refusing the locked directory.
    /// </summary>
    public bool AttachToRunningServer { get; init; }

    /// <summary>How long to wait for a connection and for each command; <see langword="null"/> keeps the client's defaults.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// How often the embedded store reads every key's time to live, to delete each key once it has run out
    /// (<c>UNOTIFY_EXPIRED_KEY_SCAN</c>, default 1 hour): Garnet keeps an expired value on disk until it is deleted. A
    /// shorter interval costs a scan of every key more often and remembers fewer keys at once. Not used with Redis.
    /// </summary>
    public TimeSpan ExpiredKeyScanInterval { get; init; } = DefaultExpiredKeyScanInterval;

    /// <summary>The default of <see cref="ExpiredKeyScanInterval"/>: one hour (the scan's cost is in bench/README.md).</summary>
    public static readonly TimeSpan DefaultExpiredKeyScanInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a delivery id is remembered, so that the same delivery sent again is answered as a duplicate and not
    /// processed twice (<c>UNOTIFY_DEDUPLICATION_WINDOW</c>, default <see cref="DefaultDeduplicationWindow"/>). Each
    /// delivery leaves a small mark per worker for this long, which at high rates is most of what the store holds
    /// (docs/scaling.md). Positive.
    /// </summary>
    public TimeSpan DeduplicationWindow { get; init; } = DefaultDeduplicationWindow;

    /// <summary>The default of <see cref="DeduplicationWindow"/>: 72 hours, as long as GitHub offers to redeliver a delivery.</summary>
    public static readonly TimeSpan DefaultDeduplicationWindow = TimeSpan.FromHours(72);

    /// <inheritdoc />
    public override string ToString() =>
        $"StoreOptions {{ ConnectionString = {(ConnectionString is null ? "(embedded)" : "***")}, DataDirectory = {DataDirectory}, KeyPrefix = {KeyPrefix} }}";
}
