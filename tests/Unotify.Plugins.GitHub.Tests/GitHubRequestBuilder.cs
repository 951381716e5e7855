using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub.Tests;

/// <summary>Builds GitHub webhook requests for tests: a payload, the event headers and a signature.</summary>
internal sealed class GitHubRequestBuilder
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);
    private byte[] _body = [];
    private string _contentType = "application/json";

    private GitHubRequestBuilder(string eventName)
    {
        _headers["X-GitHub-Event"] = eventName;
        _headers["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    }

    public static GitHubRequestBuilder For(string eventName) => new(eventName);

    public static string FixtureText(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "github", file));

    public static JsonObject FixtureJson(string file) => JsonNode.Parse(FixtureText(file))!.AsObject();

    public GitHubRequestBuilder WithJson(string json)
    {
        _body = Encoding.UTF8.GetBytes(json);
        _contentType = "application/json";
        return this;
    }

    public GitHubRequestBuilder WithJson(JsonNode json) => WithJson(json.ToJsonString());

    public GitHubRequestBuilder WithFixture(string file) => WithJson(FixtureText(file));

    public GitHubRequestBuilder WithForm(string json)
    {
        _body = Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(json));
        _contentType = "application/x-www-form-urlencoded";
        return this;
    }

    public GitHubRequestBuilder WithBody(byte[] body, string contentType)
    {
        _body = body;
        _contentType = contentType;
        return this;
    }

    public GitHubRequestBuilder WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public GitHubRequestBuilder WithoutHeader(string name)
    {
        _headers.Remove(name);
        return this;
    }

    public GitHubRequestBuilder SignedWith(string secret) =>
        WithHeader("X-Hub-Signature-256", Sign(secret, _body));

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public WebhookRequest Build() => new()
    {
        Provider = "github",
        RepoId = "1296269",
        RepoPath = "octocat/Hello-World",
        Headers = new WebhookHeaders(_headers),
        Body = _body,
        ContentType = _contentType,
        ReceivedAt = new DateTimeOffset(2026, 11, 29, 2, 30, 0, TimeSpan.Zero),
    };
}
