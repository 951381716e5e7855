using System.Text;

namespace Unotify.Testing.FakeJira;

/// <summary>The credentials the fake Jira accepts: Jira Cloud's Basic (email + API token) or Data Center's Bearer.</summary>
public sealed record FakeJiraAuth
{
    private FakeJiraAuth(string scheme, string expectedParameter)
    {
        Scheme = scheme;
        ExpectedParameter = expectedParameter;
    }

    /// <summary><c>Basic</c> or <c>Bearer</c>.</summary>
    public string Scheme { get; }

    /// <summary>For Basic: the email. Empty for Bearer.</summary>
    public string Email { get; private init; } = string.Empty;

    /// <summary>For Basic: the API token; for Bearer: the personal access token.</summary>
    public string Token { get; private init; } = string.Empty;

    private string ExpectedParameter { get; }

    /// <summary>The default: Jira Cloud with <c>unotify@example.com</c> and <c>fake-api-token</c>.</summary>
    public static FakeJiraAuth Default { get; } = Basic("unotify@example.com", "fake-api-token");

    /// <summary>Jira Cloud: HTTP Basic with an email and an API token.</summary>
    public static FakeJiraAuth Basic(string email, string apiToken) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(email + ":" + apiToken))) { Email = email, Token = apiToken };

    /// <summary>Jira Data Center: a bearer personal access token.</summary>
    public static FakeJiraAuth Bearer(string personalAccessToken) => new("Bearer", personalAccessToken) { Token = personalAccessToken };

    /// <summary>Whether an <c>Authorization</c> header carries these credentials.</summary>
    public bool Accepts(string? authorization) =>
        authorization is not null
        && authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase)
        && authorization[(Scheme.Length + 1)..].Trim() == ExpectedParameter;
}
