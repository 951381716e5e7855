using System.Net;
using System.Net.Http.Headers;
using Unotify.Host.Api;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Api;

public sealed class WebhookAdminApiTests
{
    [Fact]
    public async Task With_no_admin_token_configured_admin_routes_answer_401_saying_how_to_open_them()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve, AdminToken = null });
        host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await host.Client.GetAsync(new Uri("/conduit/webhooks/list", UriKind.Relative));
        var body = await Json.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Json.ErrorCode(body).Should().Be(ErrorCodes.Unauthorized);
        body.GetProperty("error_msg").GetString().Should().Contain("UNOTIFY_ADMIN_TOKEN");
    }

    [Theory]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer test-admin-token-and-more")]
    [InlineData("Basic dGVzdC1hZG1pbi10b2tlbg==")]
    [InlineData("")]
    public async Task A_wrong_or_missing_admin_token_is_answered_401_on_every_admin_route(string authorization)
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        host.Client.DefaultRequestHeaders.Authorization = null;
        (string Method, string Path)[] routes =
        [
            ("POST", "/conduit/webhooks/register"), ("PATCH", "/conduit/webhooks/update"), ("PATCH", "/internal/webhooks/import"),
            ("GET", "/conduit/webhooks/list"), ("GET", "/conduit/webhooks/find?provider=github&repo_id=1"), ("DELETE", "/conduit/webhooks/github/1"),
            ("GET", "/conduit/workers/recorder/dead"), ("POST", "/conduit/workers/recorder/dead/x/replay"),
        ];

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = Json.Body(new { provider = "github", repo_id = "1", secret = "s" }) };
            if (authorization.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await host.Client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {path}");
        }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Hooks_are_listed_and_found_without_their_secrets(string backend)
    {
        await using var host = await TestHost.StartAsync(Backends.Get(backend), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("55");

        using var list = await host.Client.GetAsync(new Uri("/conduit/webhooks/list?provider=github", UriKind.Relative));
        using var find = await host.Client.GetAsync(new Uri("/conduit/webhooks/find?provider=github&repo_id=55", UriKind.Relative));
        var listText = await list.Content.ReadAsStringAsync();
        var findText = await find.Content.ReadAsStringAsync();

        list.StatusCode.Should().Be(HttpStatusCode.OK);
        find.StatusCode.Should().Be(HttpStatusCode.OK);
        listText.Should().NotContain(secret).And.NotContain("secret\":");
        findText.Should().NotContain(secret).And.NotContain("secret\":");
        var hook = (await Json.ReadAsync(find)).GetProperty("data");
        hook.GetProperty("provider").GetString().Should().Be("github");
        hook.GetProperty("repo_id").GetString().Should().Be("55");
        hook.GetProperty("repo_path").GetString().Should().Be("acme/55");
        hook.GetProperty("uri").GetString().Should().Be("/conduit/webhooks/github/55/payload");
        hook.GetProperty("url").GetString().Should().Be(new Uri(host.Host.BaseAddress!, "/conduit/webhooks/github/55/payload").ToString());
        (await Json.ReadAsync(list)).GetProperty("data").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task With_a_public_url_the_payload_url_is_built_from_it_whatever_host_the_request_named()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { ExtraArguments = ["--public-url", "https://example.com/unotify/"] });

        var data = await RegisterAsync(host, "56", ("Host", "internal-name:8080"));

        (data.GetProperty("uri").GetString(), data.GetProperty("url").GetString())
            .Should().Be(("/conduit/webhooks/github/56/payload", "https://example.com/unotify/conduit/webhooks/github/56/payload"));
    }

    [Fact]
    public async Task Forwarded_headers_name_the_payload_urls_address_only_when_they_come_from_a_trusted_proxy()
    {
        await using var trusting = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { ExtraArguments = ["--trusted-proxies", "127.0.0.1,::1"] });
        await using var untrusting = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { ExtraArguments = ["--trusted-proxies", "10.9.9.9"] });
        (string, string)[] forwarded = [("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "hooks.example.com")];

        var behindProxy = await RegisterAsync(trusting, "57", forwarded);
        var spoofed = await RegisterAsync(untrusting, "58", forwarded);

        behindProxy.GetProperty("url").GetString().Should().Be("https://hooks.example.com/conduit/webhooks/github/57/payload");
        spoofed.GetProperty("url").GetString().Should().Be(new Uri(untrusting.Host.BaseAddress!, "/conduit/webhooks/github/58/payload").ToString(), "a client that is not a listed proxy cannot name the address");
    }

    private static async Task<System.Text.Json.JsonElement> RegisterAsync(TestHost host, string repoId, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/conduit/webhooks/register", UriKind.Relative))
        {
            Content = Json.Body(new { provider = "github", repo_path = "acme/x", repo_id = repoId }),
        };
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }

        using var response = await host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await Json.ReadAsync(response)).GetProperty("data");
    }

    [Fact]
    public async Task Registering_twice_is_409_and_finding_an_unknown_hook_is_404()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        await host.RegisterAsync("9");

        using var again = await host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "9" }));
        using var missing = await host.Client.GetAsync(new Uri("/conduit/webhooks/find?provider=github&repo_id=nope", UriKind.Relative));
        using var unknownProvider = await host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "gitea", repo_id = "9" }));
        using var incomplete = await host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "github" }));
        using var notJson = await host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Json.ErrorCode(await Json.ReadAsync(again)).Should().Be(ErrorCodes.HookExists);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Json.ErrorCode(await Json.ReadAsync(missing)).Should().Be(ErrorCodes.HookNotFound);
        unknownProvider.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Json.ErrorCode(await Json.ReadAsync(unknownProvider)).Should().Be(ErrorCodes.UnknownProvider);
        incomplete.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json.ReadAsync(incomplete)).GetProperty("error_msg").GetString().Should().Contain("repo_id");
        notJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Rotating_a_secret_makes_the_old_one_fail_and_the_new_one_verify(string backend)
    {
        await using var host = await TestHost.StartAsync(Backends.Get(backend), new TestHostOptions { Role = HostRole.Serve });
        var old = await host.RegisterAsync("r");

        using var rotate = await host.Client.PatchAsync(new Uri("/conduit/webhooks/update", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "r" }));
        var fresh = (await Json.ReadAsync(rotate)).GetProperty("data").GetProperty("secret").GetString()!;
        using var withOld = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(old).ToRequest("r"));
        using var withNew = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(fresh).ToRequest("r"));

        rotate.StatusCode.Should().Be(HttpStatusCode.OK);
        fresh.Should().NotBe(old);
        withOld.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        withNew.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task An_imported_secret_verifies_deliveries_and_a_deleted_hook_is_404()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });

        using var import = await host.Client.PatchAsync(new Uri("/internal/webhooks/import", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "imp", repo_path = "acme/imp", secret = "It's a Secret to Everybody" }));
        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith("It's a Secret to Everybody").ToRequest("imp"));
        using var delete = await host.Client.DeleteAsync(new Uri("/conduit/webhooks/github/imp", UriKind.Relative));
        using var deleteAgain = await host.Client.DeleteAsync(new Uri("/conduit/webhooks/github/imp", UriKind.Relative));
        using var afterDelete = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith("It's a Secret to Everybody").ToRequest("imp"));

        import.StatusCode.Should().Be(HttpStatusCode.OK);
        (await import.Content.ReadAsStringAsync()).Should().NotContain("Secret to Everybody");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        delete.StatusCode.Should().Be(HttpStatusCode.OK);
        deleteAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        afterDelete.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_input_the_store_would_refuse_is_answered_400_naming_the_field_before_the_store_is_asked()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });

        using var badFilter = await host.Client.GetAsync(new Uri("/conduit/webhooks/list?provider=git%7Bhub%7D", UriKind.Relative));
        using var longPath = await host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "p1", repo_path = new string('a', 401) }));
        using var longSecret = await host.Client.PatchAsync(new Uri("/internal/webhooks/import", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "p2", secret = new string('s', 1025) }));
        using var badDeadLetterId = await host.Client.PostAsync(new Uri("/conduit/workers/recorder/dead/" + new string('j', 201) + "/replay", UriKind.Relative), null);

        foreach (var (response, field) in new[] { (badFilter, "provider"), (longPath, "repo_path"), (longSecret, "secret"), (badDeadLetterId, "dead letter id") })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, field);
            var body = await Json.ReadAsync(response);
            Json.ErrorCode(body).Should().Be(ErrorCodes.InvalidRequest);
            body.GetProperty("error_msg").GetString().Should().Contain(field);
        }
    }
}
