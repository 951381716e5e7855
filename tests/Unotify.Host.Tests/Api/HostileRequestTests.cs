using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Http;

namespace Unotify.Host.Tests.Api;

/// <summary>
/// A corpus of odd and hostile requests, each with the exact answer it must get: malformed input is 400 naming what is
/// wrong, never a 500, and nothing is queued but the one well-formed delivery.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private const string Repo = "h";
    private TestHost _host = null!;
    private string _secret = null!;
    private byte[] _merged = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        _secret = await _host.RegisterAsync(Repo);
        _merged = Encoding.UTF8.GetBytes(GitHubDelivery.Fixture("pull_request.closed.json").Replace("\"merged\": false", "\"merged\": true", StringComparison.Ordinal));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> Deliveries() => [.. DeliveryCases.Keys];

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task A_hostile_delivery_gets_its_exact_answer_and_queues_nothing(string name)
    {
        var (expected, errorCode, build) = DeliveryCases[name];
        using var request = build(this);

        using var response = await _host.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(expected, text);
        if (errorCode is not null)
        {
            JsonNode.Parse(text)!["error_code"]!.GetValue<string>().Should().Be(errorCode, text);
        }

        text.Should().NotContain("   at ", "no stack trace reaches a client");
        (await _host.CountsAsync()).Should().Be(new Core.Queue.QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task Dot_segments_in_the_path_are_refused_before_routing_so_a_delete_cannot_reach_another_hook()
    {
        await _host.RegisterAsync("r1");
        string[] admin = ["Authorization: Bearer test-admin-token"];

        (await RawHttp.SendAsync(_host.Client.BaseAddress!, "DELETE", "/conduit/webhooks/github/r1/../r1", admin)).Should().Be(400);
        (await RawHttp.SendAsync(_host.Client.BaseAddress!, "DELETE", "/conduit/webhooks/github/x/%2e%2e/r1", admin)).Should().Be(400);
        (await RawHttp.SendAsync(_host.Client.BaseAddress!, "POST", "/conduit/webhooks/github/x/./../h/payload", ["Content-Type: application/json"], _merged)).Should().Be(400);

        using var found = await _host.Client.GetAsync(new Uri("/conduit/webhooks/find?provider=github&repo_id=r1", UriKind.Relative));
        found.StatusCode.Should().Be(HttpStatusCode.OK, "r1 was not deleted");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../../etc/passwd")]
    [InlineData("acme/shop")]
    [InlineData("a b")]
    [InlineData("")]
    public async Task Registering_a_repo_id_outside_the_documented_character_set_is_400_naming_the_rule(string repoId)
    {
        using var response = await _host.Client.PostAsync(
            new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "github", repo_path = "acme/x", repo_id = repoId }));

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        JsonNode.Parse(text)!["error_msg"]!.GetValue<string>().Should().ContainAny("may only contain letters, digits, '.', '_' and '-'", "Missing repo_id");
    }

    [Fact]
    public async Task A_repo_id_of_101_characters_is_refused_at_register_and_at_the_payload_route()
    {
        var repoId = new string('r', 101);
        using var register = await _host.Client.PostAsync(
            new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "github", repo_id = repoId }));
        using var payload = await _host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(_secret).ToRequest(repoId));

        register.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        payload.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await payload.Content.ReadAsStringAsync()).Should().Contain("101 characters long");
    }

    [Fact]
    public async Task Importing_a_secret_shorter_than_16_characters_is_400_saying_how_to_rotate()
    {
        using var response = await _host.Client.PatchAsync(
            new Uri("/internal/webhooks/import", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "imported", secret = "x" }));

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        JsonNode.Parse(text)!["error_msg"]!.GetValue<string>().Should().Contain("at least 16").And.Contain("PATCH /conduit/webhooks/update");
    }

    [Fact]
    public async Task An_admin_body_with_invalid_utf8_is_400()
    {
        var body = Encoding.UTF8.GetBytes("{\"provider\":\"github\",\"repo_id\":\"ab\"}");
        body[body.Length - 3] = 0xFF;
        using var invalid = new ByteArrayContent(body);
        invalid.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await _host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), invalid);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_thousand_requests_drawn_from_the_corpus_at_once_get_their_answers_and_only_the_good_one_is_queued()
    {
        var names = DeliveryCases.Keys.ToArray();
        var random = new Random(20261206);
        var picks = Enumerable.Range(0, 1000).Select(_ => names[random.Next(names.Length)]).ToArray();
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(picks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, _) =>
        {
            var (expected, _, build) = DeliveryCases[name];
            using var request = build(this);
            using var response = await _host.Client.SendAsync(request);
            if ((int)response.StatusCode != expected)
            {
                wrong.Add($"{name}: {(int)response.StatusCode}");
            }
        });
        using var good = await _host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithBody(_merged).SignedWith(_secret).ToRequest(Repo));

        wrong.Should().BeEmpty();
        good.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await _host.CountsAsync()).Should().Be(new Core.Queue.QueueCounts(1, 0, 0));
    }

    private static readonly Dictionary<string, (int Status, string? ErrorCode, Func<HostileRequestTests, HttpRequestMessage> Build)> DeliveryCases = new()
    {
        ["signed with another secret"] = (401, "SIGNATURE_MISMATCH", t => t.Merged().SignedWith(t._secret + "x").ToRequest(Repo)),
        ["signature over another body"] = (401, "SIGNATURE_MISMATCH", t => t.Merged().WithSignatureHeader(GitHubDelivery.Sign(t._secret, [.. t._merged.Take(100)])).ToRequest(Repo)),
        ["no signature"] = (401, "SIGNATURE_MISSING", t => t.Merged().ToRequest(Repo)),
        ["signature not hex"] = (401, "SIGNATURE_MALFORMED", t => t.Merged().WithSignatureHeader("sha256=" + new string('z', 64)).ToRequest(Repo)),
        ["signature without sha256="] = (401, "SIGNATURE_MALFORMED", t => t.Merged().WithSignatureHeader("sha1=abc").ToRequest(Repo)),
        ["truncated JSON, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Signed(t._merged[..(t._merged.Length / 2)])),
        ["random bytes, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Signed([.. Enumerable.Range(0, 512).Select(i => (byte)((i * 7919) % 251))])),
        ["invalid UTF-8 inside a JSON string, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Signed(WithByte(t._merged, "\"title\": \"", 0xFF))),
        ["a JSON array, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Signed("[1,2,3]"u8.ToArray())),
        ["an empty body, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Signed([])),
        ["JSON nested 10,000 deep, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Signed(Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)))),
        ["a delivery id of 300 characters"] = (400, "MALFORMED_PAYLOAD", t => t.Merged().WithDeliveryId(new string('d', 300)).SignedWith(t._secret).ToRequest(Repo)),
        ["a delivery id with a tab"] = (400, "MALFORMED_PAYLOAD", t => t.Merged().WithDeliveryId("abc\tdef").SignedWith(t._secret).ToRequest(Repo)),
        ["an event name of 250 characters"] = (400, "MALFORMED_PAYLOAD", t => t.Merged().WithEvent(new string('e', 250)).SignedWith(t._secret).ToRequest(Repo)),
        ["an event name with a tab"] = (400, "MALFORMED_PAYLOAD", t => t.Merged().WithEvent("pull\trequest").SignedWith(t._secret).ToRequest(Repo)),
        ["an action of 250 characters"] = (400, "MALFORMED_PAYLOAD", t => t.Signed(Encoding.UTF8.GetBytes("{\"action\":\"" + new string('a', 250) + "\",\"pull_request\":{\"title\":\"x\"}}"))),
        ["an action with a control character"] = (400, "MALFORMED_PAYLOAD", t => t.Signed("""{"action":"clo\u0001sed","pull_request":{"title":"x"}}"""u8.ToArray())),
        ["no X-GitHub-Event"] = (400, "MALFORMED_PAYLOAD", t => Without(t.Merged().SignedWith(t._secret).ToRequest(Repo), "X-GitHub-Event")),
        ["no X-GitHub-Delivery"] = (400, "MALFORMED_PAYLOAD", t => Without(t.Merged().SignedWith(t._secret).ToRequest(Repo), "X-GitHub-Delivery")),
        ["text/plain"] = (415, "UNSUPPORTED_MEDIA_TYPE", t => t.Merged().WithContentType("text/plain").SignedWith(t._secret).ToRequest(Repo)),
        ["multipart"] = (415, "UNSUPPORTED_MEDIA_TYPE", t => t.Merged().WithContentType("multipart/form-data; boundary=x").SignedWith(t._secret).ToRequest(Repo)),
        ["a form without payload=, signed"] = (400, "MALFORMED_PAYLOAD", t => t.Merged().WithBody("zen=1"u8.ToArray()).WithContentType("application/x-www-form-urlencoded").SignedWith(t._secret).ToRequest(Repo)),
        ["an unknown provider"] = (404, "UNKNOWN_PROVIDER", t => t.Merged().SignedWith(t._secret).ToRequest(Repo, provider: "nope")),
        ["an unknown repo"] = (404, "HOOK_NOT_FOUND", t => t.Merged().SignedWith(t._secret).ToRequest("unregistered")),
        ["a repo id with an encoded slash"] = (400, "INVALID_REQUEST", t => t.Merged().SignedWith(t._secret).ToRequest("..%2F..%2Fetc")),
        ["a repo id of 2,000 characters"] = (400, "INVALID_REQUEST", t => t.Merged().SignedWith(t._secret).ToRequest(new string('r', 2000))),
        ["a 60 KB header"] = (431, null, t => WithHeader(t.Merged().SignedWith(t._secret).ToRequest(Repo), "X-Junk", new string('a', 60_000))),
    };

    private GitHubDelivery Merged() => GitHubDelivery.MergedPullRequest().WithBody(_merged);

    private HttpRequestMessage Signed(byte[] body) => GitHubDelivery.MergedPullRequest().WithBody(body).SignedWith(_secret).ToRequest(Repo);

    /// <summary><paramref name="body"/> with <paramref name="value"/> put right after the first <paramref name="after"/>.</summary>
    private static byte[] WithByte(byte[] body, string after, byte value)
    {
        var at = body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(after)) + after.Length;
        return [.. body[..at], value, .. body[at..]];
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static HttpRequestMessage Without(HttpRequestMessage request, string name)
    {
        request.Headers.Remove(name);
        return request;
    }
}
