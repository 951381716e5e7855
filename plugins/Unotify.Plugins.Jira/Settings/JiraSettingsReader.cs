using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Reads and validates a Jira worker's settings. Every problem is a <see cref="ProcessorSettingsException"/> naming
/// the worker, the setting (or environment variable) and the fix, so it stops start-up.
/// </summary>
internal static class JiraSettingsReader
{
    public const string BaseUrlKey = "base_url";
    public const string EmailKey = "email";
    public const string ApiTokenKey = "api_token";
    public const string PersonalAccessTokenKey = "personal_access_token";
    public const string ApiVersionKey = "api_version";
    public const string TimeoutKey = "timeout";
    public const string DryRunKey = "dry_run";
    public const string MaxParallelKey = "max_parallel";
    public const string TransitionCacheTtlKey = "transition_cache_ttl";
    public const string TriggersKey = "triggers";
    public const string LinkKey = "link";
    public const string CommentOnMoveKey = "comment_on_move";
    public const string MoveCommentKey = "move_comment";

    /// <summary>The seed's environment variable names, used when the worker has no connection settings at all.</summary>
    private static readonly Dictionary<string, string> _environmentNames = new(StringComparer.Ordinal)
    {
        [BaseUrlKey] = "ATLASSIAN_DOMAIN_URL",
        [EmailKey] = "ATLASSIAN_EMAIL",
        [ApiTokenKey] = "ATLASSIAN_API_KEY",
    };

    /// <summary>Reads the settings.</summary>
    /// <param name="settings">The worker's settings.</param>
    /// <param name="environment">Reads an environment variable (the process environment outside tests).</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public static JiraSettings Read(ProcessorSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        var source = new ConnectionSource(settings, environment);
        var apiVersion = settings.GetInt32(ApiVersionKey, 3);
        if (apiVersion is not (2 or 3))
        {
            throw Invalid(settings, $"setting '{ApiVersionKey}'", apiVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), "3 (Jira Cloud) or 2 (Jira Data Center)");
        }

        var maxParallel = settings.GetInt32(MaxParallelKey, 4);
        if (maxParallel is < 1 or > 64)
        {
            throw Invalid(settings, $"setting '{MaxParallelKey}'", maxParallel.ToString(System.Globalization.CultureInfo.InvariantCulture), "a whole number from 1 to 64");
        }

        return new JiraSettings
        {
            BaseUrl = ReadBaseUrl(settings, source),
            Credentials = ReadCredentials(settings, source),
            ApiVersion = apiVersion,
            Timeout = settings.GetDuration(TimeoutKey, TimeSpan.FromSeconds(10)),
            DryRun = settings.GetBoolean(DryRunKey, defaultValue: false),
            MaxParallel = maxParallel,
            TransitionCacheTtl = settings.GetDuration(TransitionCacheTtlKey, TimeSpan.FromHours(24)),
            Link = settings.GetBoolean(LinkKey, defaultValue: true),
            MoveComment = ReadMoveComment(settings),
        };
    }

    /// <summary>The move comment's template when <c>comment_on_move</c> is on; a template with a mistake stops start-up.</summary>
    private static MoveCommentTemplate? ReadMoveComment(ProcessorSettings settings)
    {
        var text = settings.GetString(MoveCommentKey);
        if (!settings.GetBoolean(CommentOnMoveKey, defaultValue: false))
        {
            return text is null ? null : throw new ProcessorSettingsException(
                $"worker '{settings.WorkerName}': setting '{MoveCommentKey}' is set but '{CommentOnMoveKey}' is not true, so it would never be used; add {CommentOnMoveKey}: true or remove it.");
        }

        if (text is null)
        {
            return MoveCommentTemplate.Default;
        }

        return MoveCommentTemplate.Parse(text, out var error) ?? throw new ProcessorSettingsException(
            $"worker '{settings.WorkerName}': setting '{MoveCommentKey}' ('{text}'): {error}.");
    }

    /// <summary>
    /// The worker's command reader, with its trigger words (<c>triggers: { closes: close, fixes: close }</c>): each a word
    /// of letters, each firing an event named like the state machines' events. None by default.
    /// </summary>
    /// <param name="settings">The worker's settings.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ProcessorSettingsException">A trigger word or its event is not one.</exception>
    public static CommandReader ReadCommands(ProcessorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prefix = TriggersKey + ":";
        var triggers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings.Values.Where(pair => pair.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var word = key[prefix.Length..];
            if (word.Length == 0 || !word.All(char.IsAsciiLetter))
            {
                throw new ProcessorSettingsException(
                    $"worker '{settings.WorkerName}': trigger '{word}' under setting '{TriggersKey}' is not a word of letters; write the word people type before a key, such as 'closes: close'.");
            }

            if (value.Length == 0 || !char.IsAsciiLetter(value[0]) || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new ProcessorSettingsException(
                    $"worker '{settings.WorkerName}': trigger '{word}' fires '{value}', which is not an event name; name a state-machine event such as 'close' or 'next'.");
            }

            triggers[word.ToLowerInvariant()] = value;
        }

        return triggers.Count == 0 ? CommandReader.WithoutTriggers : new CommandReader(triggers);
    }

    /// <summary>
    /// Whether the worker names no Jira at all: none of the connection settings and none of the seed's environment
    /// variables. That is a first run, not a typo: the host starts, and the worker's jobs wait in the dead letters.
    /// </summary>
    /// <param name="settings">The worker's settings.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns><see langword="true"/> when nothing about the Jira connection is set.</returns>
    public static bool IsUnconfigured(ProcessorSettings settings, Func<string, string?> environment)
    {
        var source = new ConnectionSource(settings, environment);
        return source.FromEnvironment && _environmentNames.Keys.All(key => source.Get(key) is null);
    }

    /// <summary>What to set so that an unconfigured worker can reach Jira.</summary>
    /// <param name="worker">The worker's name.</param>
    /// <returns>The fix, for the log and the dead letters.</returns>
    public static string HowToConfigure(string worker) =>
        "Set ATLASSIAN_DOMAIN_URL, ATLASSIAN_EMAIL and ATLASSIAN_API_KEY in the environment (or base_url, email and api_token " +
        $"under workers.{worker}.settings in workers.yaml), restart, then replay: unotify dead replay-all {worker}";

    private static string ReadBaseUrl(ProcessorSettings settings, ConnectionSource source)
    {
        var text = source.Get(BaseUrlKey)?.Trim() ?? throw new ProcessorSettingsException(
            $"worker '{settings.WorkerName}': the Jira site is not configured; set base_url under settings: in workers.yaml " +
            "(for example https://acme.atlassian.net), or ATLASSIAN_DOMAIN_URL in the environment when the worker has no Jira settings.");

        // A bare domain is how the seed's ATLASSIAN_DOMAIN_URL was usually written.
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Host.Length == 0
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            throw Invalid(settings, source.NameOf(BaseUrlKey), text, "the http(s) address of the Jira site, such as https://acme.atlassian.net");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    private static JiraCredentials ReadCredentials(ProcessorSettings settings, ConnectionSource source)
    {
        var email = source.Get(EmailKey);
        var apiToken = source.Get(ApiTokenKey);
        var personalAccessToken = source.Get(PersonalAccessTokenKey);
        var worker = settings.WorkerName;
        if (personalAccessToken is not null)
        {
            return email is null && apiToken is null
                ? JiraCredentials.DataCenter(personalAccessToken)
                : throw new ProcessorSettingsException(
                    $"worker '{worker}': both personal_access_token and email/api_token are set; keep personal_access_token " +
                    "for Jira Data Center or email and api_token for Jira Cloud under settings: in workers.yaml.");
        }

        return (email, apiToken) switch
        {
            (not null, not null) => JiraCredentials.Cloud(email, apiToken, source.FromEnvironment),
            (not null, null) => throw new ProcessorSettingsException(
                $"worker '{worker}': {source.NameOf(ApiTokenKey)} is missing; Jira Cloud needs the account's email together with an API token " +
                "(create one at https://id.atlassian.com/manage-profile/security/api-tokens)."),
            (null, not null) => throw new ProcessorSettingsException(
                $"worker '{worker}': {source.NameOf(EmailKey)} is missing; Jira Cloud needs the email of the account the API token belongs to."),
            _ => throw new ProcessorSettingsException(
                $"worker '{worker}': no Jira credentials; set email and api_token (Jira Cloud) or personal_access_token " +
                "(Jira Data Center) under settings: in workers.yaml, or ATLASSIAN_EMAIL and ATLASSIAN_API_KEY in the environment " +
                "when the worker has no Jira settings."),
        };
    }

    private static ProcessorSettingsException Invalid(ProcessorSettings settings, string name, string value, string expected) =>
        new($"worker '{settings.WorkerName}': {name} is '{value}', which is not {expected}; fix it under settings: in workers.yaml.");

    /// <summary>
    /// Where the connection settings come from: the worker's settings, or — when it has none of them — the seed's
    /// environment variables.
    /// </summary>
    private sealed class ConnectionSource(ProcessorSettings settings, Func<string, string?> environment)
    {
        public bool FromEnvironment { get; } =
            settings.GetString(BaseUrlKey) is null && settings.GetString(EmailKey) is null
            && settings.GetString(ApiTokenKey) is null && settings.GetString(PersonalAccessTokenKey) is null;

        public string? Get(string key)
        {
            if (!FromEnvironment)
            {
                return settings.GetString(key);
            }

            return _environmentNames.TryGetValue(key, out var variable) && environment(variable) is { Length: > 0 } value
                ? value
                : null;
        }

        public string NameOf(string key) =>
            FromEnvironment && _environmentNames.TryGetValue(key, out var variable)
                ? $"environment variable {variable}"
                : $"setting '{key}'";
    }
}
