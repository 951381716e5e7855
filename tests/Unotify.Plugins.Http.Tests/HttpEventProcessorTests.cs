using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Unotify.Sdk;
using Unotify.Sdk.Testing;
using Unotify.Testing.Receiving;

namespace Unotify.Plugins.Http.Tests;

public sealed class HttpEventProcessorTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private RecordingReceiver _receiver = null!;

    private string Url => _receiver.Url("/hooks/unotify?source=test").ToString();

    public async Task InitializeAsync() => _receiver = await RecordingReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Posts_the_normalized_event_with_the_tickets_it_names()
    {
        var result = await Some.Processor(_http, ("url", Url)).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Be("posted pull_request.merged to 127.0.0.1: 200");
        var request = _receiver.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/hooks/unotify?source=test");
        request.Header("Content-Type").Should().Be("application/json; charset=utf-8");
        request.Header("X-Unotify-Delivery").Should().Be("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        request.Header("X-Unotify-Event").Should().Be("pull_request.merged");
        request.Header("X-Unotify-Signature-256").Should().BeNull();
        var json = request.Json;
        json.GetProperty("kind").GetString().Should().Be("pull_request.merged");
        json.GetProperty("repository").GetString().Should().Be("Codertocat/Hello-World");
        json.GetProperty("url").GetString().Should().Be("https://github.com/Codertocat/Hello-World/pull/2");
        json.GetProperty("actor").GetString().Should().Be("Codertocat");
        json.GetProperty("received_at").GetString().Should().Be("2026-11-29T10:00:00+00:00");
        json.GetProperty("tickets").EnumerateArray().Select(t => t.GetString()).Should().Equal("SOC-12", "SOC-13", "DEVHOP-7");
        json.GetProperty("texts")[0].GetProperty("source").GetString().Should().Be("title");
        json.GetProperty("texts")[0].GetProperty("text").GetString().Should().Be("SOC-12: say \"hello\" <b>&</b> wave");
    }

    [Fact]
    public async Task Fills_a_template_with_json_escaped_values()
    {
        const string template = """{"text": "{{title}} in {{repository}} by {{actor}}", "link": "{{url}}", "tickets": "{{tickets}}", "notes": "{{body}}"}""";

        await Some.Processor(_http, ("url", Url), ("template", template)).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var json = _receiver.Requests.Should().ContainSingle().Subject.Json;
        json.GetProperty("text").GetString().Should().Be("SOC-12: say \"hello\" <b>&</b> wave in Codertocat/Hello-World by Codertocat");
        json.GetProperty("link").GetString().Should().Be("https://github.com/Codertocat/Hello-World/pull/2");
        json.GetProperty("tickets").GetString().Should().Be("SOC-12, SOC-13, DEVHOP-7");
        json.GetProperty("notes").GetString().Should().Be("Also fixes soc-13.\nSee DEVHOP-7.");
    }

    [Fact]
    public async Task Fills_a_release_template_with_the_release_name_and_notes()
    {
        const string template = """{"text": "{{kind}}: {{title}} — {{body}} ({{tickets}})"}""";

        await Some.Processor(_http, ("url", Url), ("template", template)).ProcessAsync(Some.PublishedRelease(), Some.Worker().Build(), CancellationToken.None);

        _receiver.Requests.Should().ContainSingle().Which.Json.GetProperty("text").GetString().Should().Be("release.published: v0.0.1 — Ships SOC-3. (SOC-3)");
    }

    [Fact]
    public async Task Signs_the_exact_body_with_the_secret()
    {
        await Some.Processor(_http, ("url", Url), ("secret", "It's a Secret to Everybody")).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var request = _receiver.Requests.Should().ContainSingle().Subject;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("It's a Secret to Everybody"), request.Body));
        request.Header("X-Unotify-Signature-256").Should().Be(expected);
    }

    [Fact]
    public async Task Sends_the_headers_from_settings()
    {
        await Some.Processor(_http, ("url", Url), ("headers:Authorization", "Bearer t0ken"), ("headers:X-Team", "platform"))
            .ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var request = _receiver.Requests.Should().ContainSingle().Subject;
        request.Header("Authorization").Should().Be("Bearer t0ken");
        request.Header("X-Team").Should().Be("platform");
    }

    [Fact]
    public async Task Posts_a_redelivered_event_once()
    {
        var store = new InMemoryIdempotencyStore();
        var processor = Some.Processor(_http, ("url", Url));
        var context = Some.Worker().WithIdempotency(store).Build();

        await processor.ProcessAsync(Some.MergedPullRequest("d-9"), context, CancellationToken.None);
        var again = await processor.ProcessAsync(Some.MergedPullRequest("d-9"), context, CancellationToken.None);

        again.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("already posted");
        _receiver.Requests.Should().ContainSingle();
        store.IsDone("http:d-9").Should().BeTrue();
    }

    [Fact]
    public async Task Retries_without_posting_while_another_replica_holds_the_delivery()
    {
        var store = new InMemoryIdempotencyStore();
        store.HoldElsewhere("http:d-1");

        var result = await Some.Processor(_http, ("url", Url)).ProcessAsync(Some.MergedPullRequest("d-1"), Some.Worker().WithIdempotency(store).Build(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.RetryResult>();
        _receiver.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(429, "slow down")]
    [InlineData(502, "bad gateway")]
    [InlineData(503, "maintenance")]
    public async Task Retries_after_the_delay_the_receiver_asks_for_and_frees_the_delivery(int status, string body)
    {
        _receiver.AnswerNext(new ReceiverAnswer(status, body, RetryAfter: "120"));
        var store = new InMemoryIdempotencyStore();

        var result = await Some.Processor(_http, ("url", Url)).ProcessAsync(Some.MergedPullRequest("d-2"), Some.Worker().WithIdempotency(store).Build(), CancellationToken.None);

        var retry = result.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.After.Should().Be(TimeSpan.FromMinutes(2));
        retry.Reason.Should().Be($"127.0.0.1 answered {status}: {body}");
        retry.Cause.Should().Be(status == 429 ? RetryCause.Throttled : RetryCause.Unavailable, "the worker's circuit counts it, and a 429 pauses the worker");
        store.IsHeld("http:d-2").Should().BeFalse("the next attempt must be able to post");
    }

    [Fact]
    public async Task Reads_a_retry_after_date()
    {
        var later = DateTimeOffset.UtcNow.AddMinutes(10).ToString("R", CultureInfo.InvariantCulture);
        _receiver.AnswerNext(new ReceiverAnswer(503, "", RetryAfter: later));

        var result = await Some.Processor(_http, ("url", Url)).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.After.Should().BeCloseTo(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Leaves_the_delay_to_the_host_when_a_5xx_has_no_retry_after()
    {
        _receiver.AnswerNext(new ReceiverAnswer(500, "boom"));

        var result = await Some.Processor(_http, ("url", Url)).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.After.Should().BeNull();
    }

    [Theory]
    [InlineData(400, "unexpected field 'text'")]
    [InlineData(401, "bad signature")]
    [InlineData(404, "")]
    public async Task Fails_a_client_error_with_the_receivers_answer(int status, string body)
    {
        _receiver.AnswerNext(new ReceiverAnswer(status, body));

        var result = await Some.Processor(_http, ("url", Url)).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var reason = result.Should().BeOfType<ProcessingResult.FailResult>().Subject.Reason;
        reason.Should().StartWith($"127.0.0.1 answered {status}{(body.Length > 0 ? ": " + body : "")};").And.Contain("check the worker's url");
    }

    [Fact]
    public async Task Retries_when_the_receiver_cannot_be_reached()
    {
        var url = Url;
        await _receiver.DisposeAsync();
        _receiver = await RecordingReceiver.StartAsync();

        var result = await Some.Processor(_http, ("url", url)).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var retry = result.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.Reason.Should().StartWith("127.0.0.1 could not be reached");
        retry.Cause.Should().Be(RetryCause.Unavailable);
    }
}
