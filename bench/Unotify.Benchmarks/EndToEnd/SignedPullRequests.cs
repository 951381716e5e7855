using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>
/// Merged pull requests (the ~28 KB octokit fixture) naming one ticket each in the title, signed with the hook's
/// secret and given a fresh delivery id — built by replacing a placeholder, so making one costs a copy and an HMAC.
/// </summary>
internal sealed class SignedPullRequests(string secret)
{
    private const string Placeholder = "@@TITLE@@";
    private static readonly string Template = BuildTemplate();
    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public HttpRequestMessage Create(string repoId, string ticketKey)
    {
        var body = Encoding.UTF8.GetBytes(Template.Replace(Placeholder, ticketKey + " Update the README", StringComparison.Ordinal));
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/conduit/webhooks/github/{repoId}/payload", UriKind.Relative)) { Content = content };
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, body)));
        return request;
    }

    private static string BuildTemplate()
    {
        var payload = JsonNode.Parse(GitHubBenchRequests.MergedPullRequest())!;
        payload["pull_request"]!["title"] = Placeholder;
        payload["pull_request"]!["head"]!["ref"] = "feature/readme";
        return payload.ToJsonString();
    }
}
