using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Sdk;
using Unotify.Sdk.Testing;
using Unotify.Testing.Receiving;

namespace Unotify.Plugins.Http.Tests;

/// <summary>The <c>slack</c> processor posting as a bot with <c>chat.postMessage</c>, against a fake Slack Web API on loopback.</summary>
public sealed class SlackBotTokenTests : IAsyncLifetime
{
    private const string Token = "xoxb-1111-2222-XXXXsecretXXXX";
    private readonly HttpClient _http = new();
    private RecordingReceiver _slack = null!;

    public async Task InitializeAsync() => _slack = await RecordingReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    private SlackNotifier Bot(params (string Key, string Value)[] settings) =>
        new(NullLogger<SlackNotifier>.Instance, _http, Some.Worker(settings).BuildSettings(), TimeProvider.System, IRequestLimiter.Unlimited);

    private SlackNotifier Bot() => Bot(("token", Token), ("channel", "C0123ABCD"), ("api_url", _slack.BaseUrl + "/api/"));

    private static ReceiverAnswer SlackSays(string json, string? retryAfter = null) => new(200, json, retryAfter);

    private static Task<ProcessingResult> Post(SlackNotifier notifier, ProcessorContext? context = null) =>
        notifier.ProcessAsync(Some.MergedPullRequest(), context ?? Some.Worker().Build(), CancellationToken.None);

    [Fact]
    public async Task Posts_chat_postMessage_to_the_channel_with_the_token_as_bearer()
    {
        _slack.AnswerNext(SlackSays("""{"ok":true,"channel":"C0123ABCD","ts":"1.2"}"""));

        var result = await Post(Bot());

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Be("posted pull_request.merged to 127.0.0.1: 200");
        var request = _slack.Requests.Should().ContainSingle().Subject;
        (request.Method, request.Path, request.Header("Authorization")).Should().Be(("POST", "/api/chat.postMessage", "Bearer " + Token));
        request.Header("Content-Type").Should().Be("application/json; charset=utf-8");
        request.Json.GetProperty("channel").GetString().Should().Be("C0123ABCD");
        request.Json.GetProperty("text").GetString().Should().StartWith("Codertocat merged \"SOC-12: say \"hello\" &lt;b&gt;");
    }

    [Fact]
    public async Task An_api_url_without_a_trailing_slash_still_posts_to_chat_postMessage_under_it()
    {
        await Post(Bot(("token", Token), ("channel", "#deploys"), ("api_url", _slack.BaseUrl + "/api")));

        _slack.Requests.Should().ContainSingle().Which.Path.Should().Be("/api/chat.postMessage");
    }

    [Theory]
    [InlineData("invalid_auth", "check setting 'token' of worker 'hooks'")]
    [InlineData("token_revoked", "check setting 'token' of worker 'hooks'")]
    [InlineData("not_in_channel", "check setting 'channel' of worker 'hooks'")]
    [InlineData("channel_not_found", "check setting 'channel' of worker 'hooks'")]
    [InlineData("msg_too_long", "Slack refused the message")]
    public async Task An_ok_false_answer_fails_naming_the_setting_to_fix_and_never_the_token(string error, string fix)
    {
        _slack.AnswerNext(SlackSays($$"""{"ok":false,"error":"{{error}}"}"""));

        var result = await Post(Bot());

        var reason = result.Should().BeOfType<ProcessingResult.FailResult>().Subject.Reason;
        reason.Should().StartWith($"127.0.0.1 answered ok:false, error '{error}'; ").And.Contain(fix);
        reason.Should().NotContain("XXXXsecret");
    }

    [Fact]
    public async Task Ratelimited_and_429_are_throttled_retries_after_the_time_asked_and_a_5xx_or_internal_error_an_outage()
    {
        _slack.AnswerNext(SlackSays("""{"ok":false,"error":"ratelimited"}""", retryAfter: "30"));
        _slack.AnswerNext(new ReceiverAnswer(429, """{"ok":false,"error":"ratelimited"}""", RetryAfter: "4"));
        _slack.AnswerNext(new ReceiverAnswer(503, "down"));
        _slack.AnswerNext(SlackSays("""{"ok":false,"error":"internal_error"}"""));
        _slack.AnswerNext(SlackSays("""{"ok":true}"""));
        var notifier = Bot();

        var results = new List<ProcessingResult>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            results.Add(await Post(notifier));
        }

        var retries = results.Take(4).Select(result => result.Should().BeOfType<ProcessingResult.RetryResult>().Subject).ToList();
        retries.Select(retry => (retry.After, retry.Cause)).Should().Equal(
            (TimeSpan.FromSeconds(30), RetryCause.Throttled), (TimeSpan.FromSeconds(4), RetryCause.Throttled), ((TimeSpan?)null, RetryCause.Unavailable), ((TimeSpan?)null, RetryCause.Unavailable));
        results[4].Should().BeOfType<ProcessingResult.DoneResult>();
        _slack.Requests.Should().HaveCount(5);
    }

    [Fact]
    public async Task A_200_that_is_not_slacks_json_fails_naming_api_url()
    {
        _slack.AnswerNext(SlackSays("<html>a proxy</html>"));

        var result = await Post(Bot());

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should().Contain("check setting 'api_url' of worker 'hooks'");
    }

    [Fact]
    public async Task A_redelivery_sends_nothing_twice()
    {
        var notifier = Bot();
        var context = Some.Worker().Build();
        _slack.AnswerNext(SlackSays("""{"ok":true}"""));

        await Post(notifier, context);
        var again = await Post(notifier, context);

        again.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("already posted");
        _slack.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_refused_post_is_released_so_the_retry_posts_again()
    {
        var notifier = Bot();
        var context = Some.Worker().Build();
        _slack.AnswerNext(SlackSays("""{"ok":false,"error":"ratelimited"}"""));
        _slack.AnswerNext(SlackSays("""{"ok":true}"""));

        await Post(notifier, context);
        var retried = await Post(notifier, context);

        retried.Should().BeOfType<ProcessingResult.DoneResult>();
        _slack.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("setting 'token' and setting 'webhook_url' are both set; keep one", "webhook_url", "https://hooks.slack.com/services/T/B/XXXXsecretXXXX", "token", Token, "channel", "C1")]
    [InlineData("setting 'token' needs setting 'channel'", "token", Token)]
    [InlineData("setting 'channel' goes with a bot token, and setting 'token' is not set", "webhook_url", "https://hooks.slack.com/services/T/B/XXXXsecretXXXX", "channel", "C1")]
    [InlineData("setting 'api_url' goes with a bot token", "webhook_url", "https://hooks.slack.com/services/T/B/XXXXsecretXXXX", "api_url", "http://127.0.0.1:1/api/")]
    [InlineData("setting 'webhook_url' is missing; set it to the Slack webhook's address, from an environment variable (webhook_url: ${CHAT_WEBHOOK_URL}) since it is a secret, or post as a bot with 'token' and 'channel'")]
    [InlineData("setting 'api_url' is not an absolute http(s) address", "token", Token, "channel", "C1", "api_url", "slack.com/api")]
    public void Exactly_one_mode_or_start_up_stops_naming_the_setting_first_and_never_the_secrets(string message, params string[] pairs)
    {
        var settings = pairs.Chunk(2).Select(pair => (pair[0], pair[1])).ToArray();

        var problem = FluentActions.Invoking(() => Bot(settings)).Should().Throw<ProcessorSettingsException>().Which.Message;

        problem.Should().StartWith($"worker 'hooks': {message}");
        problem.Should().NotContain("XXXXsecret");
    }

    [Theory]
    [InlineData("teams")]
    [InlineData("discord")]
    public void Only_slack_declares_the_bot_settings(string service)
    {
        var declared = typeof(SlackNotifier).Assembly.GetTypes()
            .Select(type => type.GetCustomAttributes(typeof(EventProcessorAttribute), false).Cast<EventProcessorAttribute>().SingleOrDefault())
            .Where(attribute => attribute is not null)
            .ToDictionary(attribute => attribute!.Name, attribute => attribute!.Settings);

        declared["slack"].Should().Contain(["token", "channel", "api_url", "webhook_url"]);
        declared[service].Should().NotContain(["token", "channel", "api_url"]);
    }
}
