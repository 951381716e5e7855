using Unotify.Sdk;

namespace Unotify.Plugins.GitHub;

/// <summary>How a <c>github</c> provider instance reaches GitHub's REST API, from its <c>providers:</c> settings.</summary>
internal sealed record GitHubApiSettings
{
    /// <summary>The token setting: a fine-grained or classic token that can read the repositories' contents and pull requests.</summary>
    public const string ApiTokenKey = "api_token";

    /// <summary>The API's address setting.</summary>
    public const string ApiUrlKey = "api_url";

    /// <summary>The per-request timeout setting.</summary>
    public const string TimeoutKey = "timeout";

    /// <summary>The API address of github.com; GitHub Enterprise Server's is <c>https://HOST/api/v3</c>.</summary>
    public static readonly Uri DefaultApiUrl = new("https://api.github.com/");

    private static readonly string[] KnownKeys = [ApiTokenKey, ApiUrlKey, TimeoutKey];

    /// <summary>The provider instance's name, for messages naming its settings (<c>providers.github.settings.api_token</c>).</summary>
    public required string ProviderName { get; init; }

    /// <summary>The token, or <see langword="null"/> when none is set: then GitHub is never called.</summary>
    public string? Token { get; init; }

    /// <summary>The API's address, ending in <c>/</c>.</summary>
    public Uri ApiUrl { get; init; } = DefaultApiUrl;

    /// <summary>How long one request may take before it counts as GitHub being unavailable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where a setting is written, for messages: <c>providers.github.settings.api_token</c>.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>Its path in <c>workers.yaml</c>.</returns>
    public string PathOf(string key) => $"providers.{ProviderName}.settings.{key}";

    /// <summary>Reads and validates an instance's settings.</summary>
    /// <param name="settings">The instance's name and flattened settings.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ProcessorSettingsException">A setting is unknown or has a bad value; the message names it and the fix.</exception>
    public static GitHubApiSettings Read(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var values = settings.Values;
        foreach (var key in values.Values.Keys)
        {
            if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ProcessorSettingsException(
                    $"Provider '{settings.Name}': setting '{key}' is not known; the github provider reads {string.Join(", ", KnownKeys)}.");
            }
        }

        return new GitHubApiSettings
        {
            ProviderName = settings.Name,
            Token = values.GetString(ApiTokenKey),
            ApiUrl = ReadApiUrl(settings),
            Timeout = values.GetDuration(TimeoutKey, TimeSpan.FromSeconds(10)),
        };
    }

    private static Uri ReadApiUrl(ProviderSettings settings)
    {
        var text = settings.Values.GetString(ApiUrlKey);
        if (text is null)
        {
            return DefaultApiUrl;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new ProcessorSettingsException(
                $"Provider '{settings.Name}': {ApiUrlKey} '{text}' is not an http(s) address; write https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.");
        }

        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
