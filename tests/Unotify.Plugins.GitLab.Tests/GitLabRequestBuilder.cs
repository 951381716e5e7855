using System.Text;
using System.Text.Json.Nodes;
using Unotify.Sdk;

namespace Unotify.Plugins.GitLab.Tests;

/// <summary>Builds GitLab deliveries from the fixtures in tests/fixtures/gitlab, with the headers GitLab sends.</summary>
internal sealed class GitLabRequestBuilder
{
    public const string Secret = "It's a Secret to Everybody";

    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);
    private byte[] _body;
    private string _contentType = "application/json";

    private GitLabRequestBuilder(string eventName, string body)
    {
        _body = Encoding.UTF8.GetBytes(body);
        _headers["X-Gitlab-Event"] = eventName;
        _headers["X-Gitlab-Token"] = Secret;
        _headers["X-Gitlab-Event-UUID"] = "13792a34-cac6-4fda-95a8-c58e00a3954e";
        _headers["X-Gitlab-Webhook-UUID"] = "5a9a6f5c-6b9c-4f33-b2d6-d6c8ef0c4e3c";
        _headers["X-Gitlab-Instance"] = "https://gitlab.example.com";
    }

    /// <summary>A delivery of <paramref name="fixture"/> (<c>merge_request.merge.json</c>), edited by <paramref name="edit"/>.</summary>
    public static GitLabRequestBuilder From(string eventName, string fixture, Action<JsonNode>? edit = null)
    {
        var payload = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "gitlab", fixture)))!;
        edit?.Invoke(payload);
        return new GitLabRequestBuilder(eventName, payload.ToJsonString());
    }

    public static GitLabRequestBuilder MergeRequest(string fixture = "merge_request.merge.json", Action<JsonNode>? edit = null) =>
        From("Merge Request Hook", fixture, edit);

    public static GitLabRequestBuilder Raw(string eventName, string body) => new(eventName, body);

    public GitLabRequestBuilder WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public GitLabRequestBuilder WithoutHeader(string name)
    {
        _headers.Remove(name);
        return this;
    }

    /// <summary>Sends <paramref name="body"/> as it is, even when it is not UTF-8.</summary>
    public GitLabRequestBuilder WithBody(byte[] body)
    {
        _body = body;
        return this;
    }

    public GitLabRequestBuilder WithContentType(string contentType)
    {
        _contentType = contentType;
        return this;
    }

    public WebhookRequest Build() => new()
    {
        Provider = "gitlab",
        RepoId = "14",
        RepoPath = "registered/path",
        Headers = new WebhookHeaders(_headers),
        Body = _body,
        ContentType = _contentType,
        ReceivedAt = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
    };
}
