using System.Net.Http.Headers;
using System.Text;

namespace Unotify.Plugins.Jira;

/// <summary>How the processor authenticates to Jira. <see cref="ToString"/> never shows the secret.</summary>
internal sealed class JiraCredentials
{
    private readonly string _parameter;

    private JiraCredentials(string scheme, string parameter, string description, string settingsToCheck)
    {
        Scheme = scheme;
        _parameter = parameter;
        Description = description;
        SettingsToCheck = settingsToCheck;
    }

    /// <summary>The authorization scheme: <c>Basic</c> or <c>Bearer</c>.</summary>
    public string Scheme { get; }

    /// <summary>What kind of credentials these are, for logs (<c>Jira Cloud email and API token</c>).</summary>
    public string Description { get; }

    /// <summary>Where a user fixes these credentials when Jira refuses them.</summary>
    public string SettingsToCheck { get; }

    /// <summary>Jira Cloud: email and API token, sent as HTTP Basic.</summary>
    public static JiraCredentials Cloud(string email, string apiToken, bool fromEnvironment) => new(
        "Basic",
        Convert.ToBase64String(Encoding.UTF8.GetBytes(email + ":" + apiToken)),
        "Jira Cloud email and API token",
        fromEnvironment
            ? "the environment variables ATLASSIAN_EMAIL and ATLASSIAN_API_KEY"
            : "the worker's settings email and api_token");

    /// <summary>Jira Data Center: a personal access token, sent as a bearer token.</summary>
    public static JiraCredentials DataCenter(string personalAccessToken) => new(
        "Bearer", personalAccessToken, "Jira Data Center personal access token", "the worker's setting personal_access_token");

    /// <summary>A fresh header value for one request.</summary>
    public AuthenticationHeaderValue ToHeader() => new(Scheme, _parameter);

    /// <inheritdoc />
    public override string ToString() => Description;
}
