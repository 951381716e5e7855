using Unotify.Core.Storage;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Unotify.Sdk;

namespace Unotify.Host.Hosting;

/// <summary>
/// Builds <see cref="HostSettings"/> from appsettings (section <c>Unotify</c>), then the documented environment
/// variables (<c>UNOTIFY_REDIS</c> …), then command-line options (<c>--redis</c> …), later sources winning.
/// </summary>
public static class HostSettingsReader
{
    /// <summary>Each setting: its key in the <c>Unotify</c> section, its environment variable, its command-line option and what it does.</summary>
    public static IReadOnlyList<HostSettingName> Names { get; } =
    [
        new("Redis", "UNOTIFY_REDIS", "--redis", "the Redis to use (host:port[,password=…]); unset runs the embedded Garnet store"),
        new("Data", "UNOTIFY_DATA", "--data", "the embedded store's data directory (default ./data)"),
        new("AdminToken", "UNOTIFY_ADMIN_TOKEN", "--admin-token", "the bearer token of the admin routes; unset keeps them closed"),
        new("SecretKey", "UNOTIFY_SECRET_KEY", "--secret-key", "the key that encrypts hook secrets in the store (base64, 32 bytes)"),
        new("Workers", "UNOTIFY_WORKERS", "--workers", "the workers file (default config/workers.yaml)"),
        new("KeyPrefix", "UNOTIFY_KEY_PREFIX", "--key-prefix", "the prefix of every store key (default unotify)"),
        new("LogLevel", "UNOTIFY_LOG_LEVEL", "--log-level", "Verbose, Debug, Information (default), Warning or Error"),
        new("LogJson", "UNOTIFY_LOG_JSON", "--log-json", "true for JSON log lines"),
        new("StoreTimeout", "UNOTIFY_STORE_TIMEOUT", "--store-timeout", "how long to wait for the store to connect and answer each call (default: the client's own)"),
        new("ExpiredKeyScan", "UNOTIFY_EXPIRED_KEY_SCAN", "--expired-key-scan", "how often the embedded store reads every key's time to live, to delete expired keys from its disk (default 1h, 1m to 24h)"),
        new("DeduplicationWindow", "UNOTIFY_DEDUPLICATION_WINDOW", "--deduplication-window", "how long a delivery id is remembered, so a delivery sent again is not processed twice (default 72h, 1m to 30d)"),
        new("HookCacheTtl", "UNOTIFY_HOOK_CACHE_TTL", "--hook-cache-ttl", "how long a hook stays cached in memory (0 turns the cache off)"),
        new("BodyMemory", "UNOTIFY_BODY_MEMORY", "--body-memory", "megabytes of request bodies read at once (default 64)"),
        new("HistoryRetention", "UNOTIFY_HISTORY_RETENTION", "--history-retention", "how long delivery history is kept (default 14d; 0 keeps none)"),
        new("HistoryMaxEntries", "UNOTIFY_HISTORY_MAX_ENTRIES", "--history-max-entries", "the most deliveries the history lists (default 100000)"),
        new("HistoryPayloadRetention", "UNOTIFY_HISTORY_PAYLOAD_RETENTION", "--history-payload-retention", "how long a payload is kept for replay after its jobs end (default 24h, at most 7d)"),
        new("PublicUrl", "UNOTIFY_PUBLIC_URL", "--public-url", "the address senders reach this server at, for payload URLs (https://hooks.example.com)"),
        new("ShutdownTimeout", "UNOTIFY_SHUTDOWN_TIMEOUT", "--shutdown-timeout", "how long a stopping process lets requests and running jobs finish before it gives the jobs back (default 30s)"),
        new("WatchConfig", "UNOTIFY_WATCH_CONFIG", "--watch-config", "false to stop reloading workers.yaml and its state files when they change on disk (SIGHUP and POST /conduit/admin/reload still reload; default true)"),
        new("TrustedProxies", "UNOTIFY_TRUSTED_PROXIES", "--trusted-proxies", "reverse proxies whose X-Forwarded-Proto and -Host are honoured: addresses or networks, comma-separated (10.0.0.5,10.1.0.0/16)"),
    ];

    /// <summary>Adds the environment variables and command-line options, mapped onto the <c>Unotify</c> section.</summary>
    /// <param name="configuration">The configuration being built (appsettings already added).</param>
    /// <param name="args">The command-line arguments after the command word.</param>
    /// <param name="environment">Reads environment variables.</param>
    public static void AddUnotifySources(IConfigurationBuilder configuration, string[] args, Func<string, string?> environment)
    {
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, variable, _, _) in Names)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                fromEnvironment["Unotify:" + key] = value;
            }
        }

        configuration.AddInMemoryCollection(fromEnvironment);
        var switches = Names.ToDictionary(name => name.Option, name => "Unotify:" + name.Key, StringComparer.Ordinal);
        configuration.AddCommandLine(args, switches);
    }

    /// <summary>Reads the settings.</summary>
    /// <param name="configuration">The built configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="FormatException">A value cannot be read; the message names the variable and the fix.</exception>
    public static HostSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Unotify");
        var defaults = new HostSettings();
        return new HostSettings
        {
            Urls = configuration["urls"] is { Length: > 0 } urls ? urls : HostSettings.DefaultUrls,
            Redis = Value(section, "Redis"),
            DataDirectory = Value(section, "Data") ?? defaults.DataDirectory,
            AdminToken = Value(section, "AdminToken"),
            SecretKey = Value(section, "SecretKey"),
            WorkersFile = Value(section, "Workers") ?? defaults.WorkersFile,
            KeyPrefix = Value(section, "KeyPrefix") ?? defaults.KeyPrefix,
            LogLevel = Value(section, "LogLevel") ?? defaults.LogLevel,
            LogJson = Value(section, "LogJson") is { } json
                && (bool.TryParse(json, out var flag) ? flag : throw new FormatException($"UNOTIFY_LOG_JSON is '{json}'; set it to true or false.")),
            WatchConfiguration = Value(section, "WatchConfig") is not { } watch
                || (bool.TryParse(watch, out var watching) ? watching : throw new FormatException($"UNOTIFY_WATCH_CONFIG is '{watch}'; set it to true or false.")),
            StoreTimeout = Value(section, "StoreTimeout") is { } timeout
                ? (DurationText.TryParse(timeout, out var span) && span > TimeSpan.Zero ? span : throw new FormatException($"UNOTIFY_STORE_TIMEOUT is '{timeout}'; set a positive duration such as 5s."))
                : null,
            ExpiredKeyScanInterval = Value(section, "ExpiredKeyScan") is { } scan
                ? (DurationText.TryParse(scan, out var scanEvery) && scanEvery >= TimeSpan.FromMinutes(1) && scanEvery <= TimeSpan.FromHours(24)
                    ? scanEvery
                    : throw new FormatException($"UNOTIFY_EXPIRED_KEY_SCAN is '{scan}'; set a duration from 1m to 24h, such as 1h (the default)."))
                : defaults.ExpiredKeyScanInterval,
            DeduplicationWindow = Value(section, "DeduplicationWindow") is { } window
                ? (DurationText.TryParse(window, out var remember) && remember >= TimeSpan.FromMinutes(1) && remember <= TimeSpan.FromDays(30)
                    ? remember
                    : throw new FormatException($"UNOTIFY_DEDUPLICATION_WINDOW is '{window}'; set a duration from 1m to 30d, such as 72h (the default, as long as GitHub offers a redelivery)."))
                : defaults.DeduplicationWindow,
            HookCacheTimeToLive = Value(section, "HookCacheTtl") is { } ttl
                ? (DurationText.TryParse(ttl, out var cacheFor) ? cacheFor : throw new FormatException($"UNOTIFY_HOOK_CACHE_TTL is '{ttl}'; set a duration such as 30s, or 0 to turn the hook cache off."))
                : defaults.HookCacheTimeToLive,
            BodyMemoryBytes = Value(section, "BodyMemory") is { } memory ? Megabytes(memory) : defaults.BodyMemoryBytes,
            PublicUrl = Value(section, "PublicUrl") is { } publicUrl ? PublicUrlOf(publicUrl) : null,
            TrustedProxies = Value(section, "TrustedProxies") is { } proxies ? ProxiesOf(proxies) : [],
            ShutdownTimeout = Value(section, "ShutdownTimeout") is { } grace
                ? (DurationText.TryParse(grace, out var stopWithin) && stopWithin > TimeSpan.Zero && stopWithin <= TimeSpan.FromHours(1)
                    ? stopWithin
                    : throw new FormatException($"UNOTIFY_SHUTDOWN_TIMEOUT is '{grace}'; set a positive duration up to 1h, such as 30s."))
                : defaults.ShutdownTimeout,
            History = new Core.History.HistoryOptions
            {
                Retention = Value(section, "HistoryRetention") is { } retention
                    ? (DurationText.TryParse(retention, out var keep) && keep >= TimeSpan.Zero ? keep : throw new FormatException($"UNOTIFY_HISTORY_RETENTION is '{retention}'; set a duration such as 14d or 12h, or 0 to keep no delivery history."))
                    : defaults.History.Retention,
                MaxEntries = Value(section, "HistoryMaxEntries") is { } entries
                    ? (int.TryParse(entries, NumberStyles.None, CultureInfo.InvariantCulture, out var most) && most is >= 1 and <= 10_000_000 ? most : throw new FormatException($"UNOTIFY_HISTORY_MAX_ENTRIES is '{entries}'; set a whole number from 1 to 10000000 (default 100000)."))
                    : defaults.History.MaxEntries,
                PayloadRetention = Value(section, "HistoryPayloadRetention") is { } payload
                    ? (DurationText.TryParse(payload, out var keepPayload) && keepPayload >= TimeSpan.Zero && keepPayload <= RedisIdempotencyStore.Retention
                        ? keepPayload
                        : throw new FormatException($"UNOTIFY_HISTORY_PAYLOAD_RETENTION is '{payload}'; set a duration from 0 (keep no payload: no replay) to 7d (a ticket's 'done for this delivery' mark lasts 7 days, and a replay after it could move the ticket again), such as 24h."))
                    : defaults.History.PayloadRetention,
            },
        };
    }

    private static Uri PublicUrlOf(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0 && url.UserInfo.Length == 0
            ? new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/'))
            : throw new FormatException($"UNOTIFY_PUBLIC_URL is '{text}'; set the address senders reach this server at, an http or https URL with no query, such as https://hooks.example.com or https://example.com/unotify.");

    private static List<System.Net.IPNetwork> ProxiesOf(string text)
    {
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (System.Net.IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new FormatException($"UNOTIFY_TRUSTED_PROXIES has '{entry}'; list the proxies' addresses or networks, comma-separated, such as 10.0.0.5,10.1.0.0/16.");
            }
        }

        return networks;
    }

    private static long Megabytes(string text)
    {
        var digits = text.EndsWith("MB", StringComparison.OrdinalIgnoreCase) ? text[..^2].TrimEnd() : text;
        const long minimum = Webhooks.BodyBudget.MinimumBytes / (1024 * 1024);
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes) && megabytes is >= minimum and <= 1024 * 1024
            ? megabytes * 1024 * 1024
            : throw new FormatException($"UNOTIFY_BODY_MEMORY is '{text}'; set a whole number of megabytes of at least {minimum} (one 25 MB body must fit beside the share kept for small ones), for example 64 or 64MB.");
    }

    private static string? Value(IConfigurationSection section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
