using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Unotify.Core.Registry;
using Unotify.Host.Api;
using Unotify.Host.Tests.Cli;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Api;

public sealed class PayloadApiTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_registered_and_signed_merged_pull_request_is_queued_and_reaches_the_plugin_processor(string backend)
    {
        await using var host = await TestHost.StartAsync(Backends.Get(backend));

        using var register = await host.Client.PostAsync(
            new Uri("/conduit/webhooks/register", UriKind.Relative),
            Json.Body(new { provider = "github", repo_path = "acme/widgets", repo_id = "4242" }));
        var registered = await Json.ReadAsync(register);
        register.StatusCode.Should().Be(HttpStatusCode.Created);
        registered.GetProperty("success").GetBoolean().Should().BeTrue();
        var secret = registered.GetProperty("data").GetProperty("secret").GetString()!;
        registered.GetProperty("data").GetProperty("uri").GetString().Should().Be("/conduit/webhooks/github/4242/payload", "the seed gives the path, to put behind the public address");
        registered.GetProperty("data").GetProperty("url").GetString().Should().Be(new Uri(host.Host.BaseAddress!, "/conduit/webhooks/github/4242/payload").ToString());
        (await register.Content.ReadAsStringAsync()).Should().StartWith("{\"success\":true,\"data\":");

        var delivery = GitHubDelivery.MergedPullRequest().SignedWith(secret);
        using var post = await host.Client.SendAsync(delivery.ToRequest("4242"));
        var accepted = await Json.ReadAsync(post);

        post.StatusCode.Should().Be(HttpStatusCode.Accepted, accepted.ToString());
        accepted.GetProperty("data").GetProperty("delivery_id").GetString().Should().Be(delivery.DeliveryId);
        accepted.GetProperty("data").GetProperty("queued_for").EnumerateArray().Select(worker => worker.GetString()).Should().Equal("recorder");
        var recorded = (await host.RecordedAsync(1)).Should().ContainSingle().Subject;
        recorded.GetProperty("worker").GetString().Should().Be("recorder");
        recorded.GetProperty("delivery_id").GetString().Should().Be(delivery.DeliveryId);
        recorded.GetProperty("kind").GetString().Should().Be("pull_request.merged");
        recorded.GetProperty("repo_id").GetString().Should().Be("4242");
        recorded.GetProperty("attempt").GetInt32().Should().Be(1);
        recorded.GetProperty("payload_sha256").GetString().Should().Be(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(delivery.Body.ToArray())), "the payload reaches the processor byte for byte");
        recorded.GetProperty("event").GetString().Should().Be("next");
        recorded.GetProperty("label").GetString().Should().Be("from-workers-yaml");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_secret_rotated_with_the_cli_is_soon_accepted_by_a_running_host_and_the_old_one_refused(string backend)
    {
        var store = Backends.Get(backend);
        await using var host = await TestHost.StartAsync(store, new TestHostOptions { Role = HostRole.Serve });
        var oldSecret = await host.RegisterAsync("5");
        using (var first = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(oldSecret).ToRequest("5")))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var cache = host.Host.Services.GetRequiredService<IHookRegistry>().Should().BeOfType<CachingHookRegistry>().Subject;
        cache.Count.Should().Be(1, "the delivery's hook is now held in memory");

        var rotate = await UnotifyCli.RunAsync(
            ["hooks", "rotate", "github", "5", "--redis", store.ConnectionString, "--key-prefix", host.Host.Store.KeyPrefix, "--secret-key", TestStores.SecretKey]);

        rotate.ExitCode.Should().Be(0, rotate.Error);
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(rotate.SecretShown).ToRequest("5"));
                return response.StatusCode == HttpStatusCode.Accepted;
            },
            TimeSpan.FromSeconds(10),
            "the host to accept a delivery signed with the rotated secret");
        using var old = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(oldSecret).ToRequest("5"));
        old.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_repeated_delivery_is_answered_200_as_a_duplicate_and_queued_once(string backend)
    {
        await using var host = await TestHost.StartAsync(Backends.Get(backend), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("1");
        var delivery = GitHubDelivery.MergedPullRequest().SignedWith(secret);

        using var first = await host.Client.SendAsync(delivery.ToRequest("1"));
        using var second = await host.Client.SendAsync(delivery.ToRequest("1"));
        var duplicate = await Json.ReadAsync(second);

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        duplicate.GetProperty("data").GetProperty("duplicate").GetBoolean().Should().BeTrue();
        duplicate.GetProperty("data").GetProperty("delivery_id").GetString().Should().Be(delivery.DeliveryId);
        (await host.CountsAsync()).Due.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Every_rejection_has_its_status_and_error_code_and_queues_nothing(string backend)
    {
        await using var host = await TestHost.StartAsync(Backends.Get(backend), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("7");
        var otherSecret = await host.RegisterAsync("8");

        await Expect(host, GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("7", provider: "gitlab"), HttpStatusCode.NotFound, ErrorCodes.UnknownProvider);
        await Expect(host, GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("999"), HttpStatusCode.NotFound, ErrorCodes.HookNotFound);
        await Expect(host, GitHubDelivery.MergedPullRequest().SignedWith(otherSecret).ToRequest("7"), HttpStatusCode.Unauthorized, ErrorCodes.SignatureMismatch);
        await Expect(host, GitHubDelivery.MergedPullRequest().ToRequest("7"), HttpStatusCode.Unauthorized, ErrorCodes.SignatureMissing);
        await Expect(host, GitHubDelivery.MergedPullRequest().WithSignatureHeader("sha1=abc").ToRequest("7"), HttpStatusCode.Unauthorized, ErrorCodes.SignatureMalformed);
        await Expect(host, GitHubDelivery.MergedPullRequest().SignedWith(secret).WithContentType("text/plain").ToRequest("7"), HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        await Expect(host, GitHubDelivery.MergedPullRequest().WithBody("{\"action\": \"closed\", \"pull_req").SignedWith(secret).ToRequest("7"), HttpStatusCode.BadRequest, ErrorCodes.MalformedPayload);

        (await host.CountsAsync()).Should().Be(new Core.Queue.QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task A_body_over_25_MB_is_answered_413_whether_announced_or_streamed()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("big");
        var huge = new byte[PayloadApi.MaxBodyBytes + 1];

        await Expect(host, GitHubDelivery.MergedPullRequest().WithBody(huge).SignedWith(secret).ToRequest("big"), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);

        using var streamed = GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("big");
        streamed.Content = new StreamContent(new MemoryStream(huge));
        streamed.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        streamed.Headers.TransferEncodingChunked = true;
        await Expect(host, streamed, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public async Task A_ping_is_answered_200_and_ignored()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("p");

        using var response = await host.Client.SendAsync(GitHubDelivery.FromFixture("ping.json", "ping").SignedWith(secret).ToRequest("p"));
        var body = await Json.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("data").GetProperty("ignored").GetString().Should().NotBeNullOrEmpty();
        (await host.CountsAsync()).Due.Should().Be(0);
    }

    [Fact]
    public async Task A_form_encoded_delivery_signed_over_the_raw_form_body_is_accepted()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("form");
        var json = GitHubDelivery.MergedPullRequest();
        var form = "payload=" + Uri.EscapeDataString(GitHubDelivery.Fixture("pull_request.closed.json").Replace("\"merged\": false", "\"merged\": true", StringComparison.Ordinal));

        using var response = await host.Client.SendAsync(json.WithBody(form).WithContentType("application/x-www-form-urlencoded").SignedWith(secret).ToRequest("form"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        (await host.CountsAsync()).Due.Should().Be(1);
    }

    [Fact]
    public async Task A_json_media_type_with_a_suffix_and_parameters_is_one_the_github_provider_declares()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("vnd");

        using var response = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithContentType("application/vnd.github+json; charset=utf-8").SignedWith(secret).ToRequest("vnd"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_content_type_the_provider_does_not_declare_is_answered_415_naming_the_ones_it_does()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("xml");

        using var xml = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithContentType("application/xml").SignedWith(secret).ToRequest("xml"));
        var body = await Json.ReadAsync(xml);

        xml.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        body.GetProperty("error_msg").GetString().Should()
            .Be("The content type 'application/xml' is not accepted by the github provider; send one of: application/json, application/*+json, application/x-www-form-urlencoded.");
    }

    [Fact]
    public async Task A_worker_with_partitions_processes_deliveries_from_every_partition()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = PartitionedRecorder });
        var secret = await host.RegisterAsync("parts");

        for (var i = 0; i < 12; i++)
        {
            using var response = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithDeliveryId($"parts-{i}").SignedWith(secret).ToRequest("parts"));
            response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }

        (await host.RecordedAsync(12)).Should().HaveCount(12);
        (await host.CountsAsync()).Should().Be(new Unotify.Core.Queue.QueueCounts(0, 0, 0));
    }

    [Fact]
    public async Task A_partitions_record_the_store_cannot_read_is_answered_503_and_logged_with_the_fix()
    {
        var prefix = TestStores.UniquePrefix();
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = PartitionedRecorder, Role = HostRole.Serve, KeyPrefix = prefix });
        var secret = await host.RegisterAsync("broken");
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Backends.Get("redis").ConnectionString);
        var record = $"{prefix}:{{w:recorder}}:partitions";
        await redis.GetDatabase().StringSetAsync(record, "lots");

        using var refused = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithDeliveryId("broken-1").SignedWith(secret).ToRequest("broken"));
        await redis.GetDatabase().KeyDeleteAsync(record);
        using var resent = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().WithDeliveryId("broken-1").SignedWith(secret).ToRequest("broken"));

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var body = await Json.ReadAsync(refused);
        Json.ErrorCode(body).Should().Be(ErrorCodes.StoreUnavailable);
        body.GetProperty("error_msg").GetString().Should().Contain("cannot read").And.Contain("log");
        refused.Headers.RetryAfter.Should().NotBeNull();
        resent.StatusCode.Should().Be(HttpStatusCode.Accepted, "nothing of the refused delivery was stored, so its resend is new");
        (await host.CountsAsync()).Due.Should().Be(1);
    }

    private const string PartitionedRecorder = """
        plugins: ["{github}", "{recorder}"]
        workers:
          recorder:
            on: { github: pull_request.merged }
            partitions: 4
            settings:
              output: "{dir}/recorded.jsonl"
        """;

    [Fact]
    public async Task When_Redis_is_unreachable_a_delivery_is_answered_503_and_readiness_fails()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve, RedisOverride = "127.0.0.1:1,connectTimeout=200" });

        using var response = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith("any").ToRequest("1"));
        using var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var register = await host.Client.PostAsync(new Uri("/conduit/webhooks/register", UriKind.Relative), Json.Body(new { provider = "github", repo_id = "1" }));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        Json.ErrorCode(await Json.ReadAsync(response)).Should().Be(ErrorCodes.StoreUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        register.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task When_Redis_stops_after_the_hook_was_registered_a_delivery_is_answered_503_not_2xx()
    {
        await using var redis = new PrivateRedisServer();
        await redis.StartAsync();
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve, RedisOverride = redis.ConnectionString + ",connectTimeout=500" });
        var secret = await host.RegisterAsync("down");
        var delivery = GitHubDelivery.MergedPullRequest().SignedWith(secret);
        await redis.StopAsync();

        using var response = await host.Client.SendAsync(delivery.ToRequest("down"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    private static async Task Expect(TestHost host, HttpRequestMessage request, HttpStatusCode status, string errorCode)
    {
        using (request)
        using (var response = await host.Client.SendAsync(request))
        {
            var body = await Json.ReadAsync(response);
            response.StatusCode.Should().Be(status, body.ToString());
            body.GetProperty("success").GetBoolean().Should().BeFalse();
            Json.ErrorCode(body).Should().Be(errorCode);
            body.GetProperty("error_msg").GetString().Should().NotBeNullOrWhiteSpace();
        }
    }
}
