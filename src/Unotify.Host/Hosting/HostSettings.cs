using Unotify.Core.Registry;
using Unotify.Core.Storage;

namespace Unotify.Host.Hosting;

/// <summary>The host's settings (README.md lists them), read from appsettings, then <c>UNOTIFY_*</c> variables, then command-line options.</summary>
public sealed record HostSettings
{
    /// <summary>The default listen URL, the seed's port.</summary>
    public const string DefaultUrls = "http://127.0.0.1:9091";

    /// <summary>Where Kestrel listens (<c>ASPNETCORE_URLS</c> or <c>--urls</c>).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The StackExchange.Redis connection string, or <see langword="null"/> for embedded Garnet (<c>UNOTIFY_REDIS</c>).</summary>
    public string? Redis { get; init; }

    /// <summary>The embedded Garnet data directory (<c>UNOTIFY_DATA</c>).</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>The admin bearer token, or <see langword="null"/> to keep admin routes closed (<c>UNOTIFY_ADMIN_TOKEN</c>).</summary>
    public string? AdminToken { get; init; }

    /// <summary>The key for secrets at rest, base64 of 32 bytes (<c>UNOTIFY_SECRET_KEY</c>).</summary>
    public string? SecretKey { get; init; }

    /// <summary>The workers file (<c>UNOTIFY_WORKERS</c>).</summary>
    public string WorkersFile { get; init; } = "config/workers.yaml";

    /// <summary>The Redis key prefix (<c>UNOTIFY_KEY_PREFIX</c>).</summary>
    public string KeyPrefix { get; init; } = "unotify";

    /// <summary>The minimum log level (<c>UNOTIFY_LOG_LEVEL</c>).</summary>
    public string LogLevel { get; init; } = "Information";

    /// <summary>Whether logs are compact JSON (<c>UNOTIFY_LOG_JSON</c>).</summary>
    public bool LogJson { get; init; }

    /// <summary>How long each Redis call may take before the store is considered unavailable.</summary>
    public TimeSpan? StoreTimeout { get; init; }

    /// <summary>How often the embedded store looks for keys about to expire, to delete them once they have (<c>UNOTIFY_EXPIRED_KEY_SCAN</c>).</summary>
    public TimeSpan ExpiredKeyScanInterval { get; init; } = StoreOptions.DefaultExpiredKeyScanInterval;

    /// <summary>How long a delivery id is remembered, so a delivery sent again is not processed twice (<c>UNOTIFY_DEDUPLICATION_WINDOW</c>).</summary>
    public TimeSpan DeduplicationWindow { get; init; } = StoreOptions.DefaultDeduplicationWindow;

    /// <summary>
    /// How long the ingest path keeps a decrypted hook in memory (<c>UNOTIFY_HOOK_CACHE_TTL</c>); <see cref="TimeSpan.Zero"/>
    /// turns the cache off. Changes are announced over pub/sub, so this only bounds staleness when an announcement is lost.
    /// </summary>
    public TimeSpan HookCacheTimeToLive { get; init; } = HookCacheOptions.DefaultTimeToLive;

    /// <summary>
    /// How much memory request bodies may take at once, all requests together (<c>UNOTIFY_BODY_MEMORY</c>, in MB,
    /// default 64): a body that does not fit is answered 503 before it is read.
    /// </summary>
    public long BodyMemoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long and how much delivery history is kept (<c>UNOTIFY_HISTORY_RETENTION</c>, default 14 days; <c>UNOTIFY_HISTORY_MAX_ENTRIES</c>, default 100,000).</summary>
    public Core.History.HistoryOptions History { get; init; } = new();

    /// <summary>
    /// The address senders reach this server at (<c>UNOTIFY_PUBLIC_URL</c>, such as <c>https://hooks.example.com</c>),
    /// from which payload URLs are built; <see langword="null"/> to build them from each request.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>The reverse proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are honoured (<c>UNOTIFY_TRUSTED_PROXIES</c>): addresses and networks.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>
    /// How long a stopping process (SIGTERM, Ctrl+C) lets requests and running jobs finish; jobs still running then
    /// are given back to the queue without counting the attempt. An orchestrator's grace period must be longer.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a change to workers.yaml or a state file on disk reloads the configuration by itself
    /// (<c>UNOTIFY_WATCH_CONFIG</c>, default on). SIGHUP and <c>POST /conduit/admin/reload</c> reload either way.
    /// </summary>
    public bool WatchConfiguration { get; init; } = true;

    /// <summary>The store options these settings describe.</summary>
    public StoreOptions Store => new()
    {
        ConnectionString = Redis,
        DataDirectory = DataDirectory,
        SecretKey = SecretKey,
        KeyPrefix = KeyPrefix,
        Timeout = StoreTimeout,
        ExpiredKeyScanInterval = ExpiredKeyScanInterval,
        DeduplicationWindow = DeduplicationWindow,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"HostSettings {{ Urls = {Urls}, Redis = {(Redis is null ? "(embedded)" : "***")}, DataDirectory = {DataDirectory}, AdminToken = {(AdminToken is null ? "(none)" : "***")}, WorkersFile = {WorkersFile}, KeyPrefix = {KeyPrefix} }}";
}
