using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Unotify.Host.Tests.Support;

/// <summary>Builds a GitHub delivery from a payload fixture: headers, signature and body, as GitHub sends them.</summary>
public sealed class GitHubDelivery
{
    private byte[] _body = [];

    /// <summary>The body as it is sent.</summary>
    public IReadOnlyList<byte> Body => _body;
    private string _event = "pull_request";
    private string _deliveryId = Guid.NewGuid().ToString();
    private string _contentType = "application/json";
    private string? _signature;
    private string? _secret;

    public string DeliveryId => _deliveryId;

    /// <summary>The merged pull request fixture (the closed one, with merged set to true).</summary>
    public static GitHubDelivery MergedPullRequest() =>
        new GitHubDelivery().WithBody(Fixture("pull_request.closed.json").Replace("\"merged\": false", "\"merged\": true", StringComparison.Ordinal)).WithEvent("pull_request");

    public static GitHubDelivery FromFixture(string name, string githubEvent) => new GitHubDelivery().WithBody(Fixture(name)).WithEvent(githubEvent);

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "github", name));

    public GitHubDelivery WithBody(string body) => WithBody(Encoding.UTF8.GetBytes(body));

    public GitHubDelivery WithBody(byte[] body)
    {
        _body = body;
        return this;
    }

    public GitHubDelivery WithEvent(string githubEvent)
    {
        _event = githubEvent;
        return this;
    }

    public GitHubDelivery WithDeliveryId(string deliveryId)
    {
        _deliveryId = deliveryId;
        return this;
    }

    public GitHubDelivery WithContentType(string contentType)
    {
        _contentType = contentType;
        return this;
    }

    /// <summary>Signs the body with <paramref name="secret"/> (HMAC-SHA256, <c>sha256=</c> hex), as GitHub does.</summary>
    public GitHubDelivery SignedWith(string secret)
    {
        _secret = secret;
        return this;
    }

    public GitHubDelivery WithSignatureHeader(string signature)
    {
        _signature = signature;
        return this;
    }

    public HttpRequestMessage ToRequest(string repoId, string provider = "github")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/conduit/webhooks/{provider}/{repoId}/payload", UriKind.Relative));
        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(_contentType);
        request.Content = content;
        request.Headers.Add("X-GitHub-Event", _event);
        request.Headers.Add("X-GitHub-Delivery", _deliveryId);
        request.Headers.Add("User-Agent", "GitHub-Hookshot/test");
        var signature = _signature ?? (_secret is null ? null : Sign(_secret, _body));
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        }

        return request;
    }

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
