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
    /// <summary>Each setting: its key in the <c>Unotify</c> section, its environment variable and its command-line option.</summary>
    public static IReadOnlyList<(string Key, string Variable, string Option)> Names { get; } =
    [
        ("Redis", "UNOTIFY_REDIS", "--redis"),
        ("Data", "UNOTIFY_DATA", "--data"),
        ("AdminToken", "UNOTIFY_ADMIN_TOKEN", "--admin-token"),
        ("SecretKey", "UNOTIFY_SECRET_KEY", "--secret-key"),
        ("Workers", "UNOTIFY_WORKERS", "--workers"),
        ("KeyPrefix", "UNOTIFY_KEY_PREFIX", "--key-prefix"),
        ("LogLevel", "UNOTIFY_LOG_LEVEL", "--log-level"),
        ("LogJson", "UNOTIFY_LOG_JSON", "--log-json"),
        ("StoreTimeout", "UNOTIFY_STORE_TIMEOUT", "--store-timeout"),
        ("HookCacheTtl", "UNOTIFY_HOOK_CACHE_TTL", "--hook-cache-ttl"),
        ("BodyMemory", "UNOTIFY_BODY_MEMORY", "--body-memory"),
        ("HistoryRetention", "UNOTIFY_HISTORY_RETENTION", "--history-retention"),
        ("HistoryMaxEntries", "UNOTIFY_HISTORY_MAX_ENTRIES", "--history-max-entries"),
        ("HistoryPayloadRetention", "UNOTIFY_HISTORY_PAYLOAD_RETENTION", "--history-payload-retention"),
    ];

    /// <summary>Adds the environment variables and command-line options, mapped onto the <c>Unotify</c> section.</summary>
    /// <param name="configuration">The configuration being built (appsettings already added).</param>
    /// <param name="args">The command-line arguments after the command word.</param>
    /// <param name="environment">Reads environment variables.</param>
    public static void AddUnotifySources(IConfigurationBuilder configuration, string[] args, Func<string, string?> environment)
    {
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, variable, _) in Names)
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
            StoreTimeout = Value(section, "StoreTimeout") is { } timeout
                ? (DurationText.TryParse(timeout, out var span) && span > TimeSpan.Zero ? span : throw new FormatException($"UNOTIFY_STORE_TIMEOUT is '{timeout}'; set a positive duration such as 5s."))
                : null,
            HookCacheTimeToLive = Value(section, "HookCacheTtl") is { } ttl
                ? (DurationText.TryParse(ttl, out var cacheFor) ? cacheFor : throw new FormatException($"UNOTIFY_HOOK_CACHE_TTL is '{ttl}'; set a duration such as 30s, or 0 to turn the hook cache off."))
                : defaults.HookCacheTimeToLive,
            BodyMemoryBytes = Value(section, "BodyMemory") is { } memory ? Megabytes(memory) : defaults.BodyMemoryBytes,
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

    /// <summary>The lines of <c>unotify --help</c> that list the settings.</summary>
    /// <returns>One line per setting.</returns>
    public static IEnumerable<string> HelpLines() =>
        Names.Select(name => string.Format(CultureInfo.InvariantCulture, "  {0,-18} {1,-24} (appsettings Unotify:{2})", name.Option, name.Variable, name.Key));
}
