using Unotify.Sdk;
using Unotify.Sdk.Testing;

namespace Unotify.Samples.SlackNotifier.Tests;

public sealed class SlackNotifierProcessorTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeSlackServer _slack = null!;

    public async Task InitializeAsync() => _slack = await FakeSlackServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Posts_the_title_repository_author_link_and_tickets_of_a_merged_pull_request()
    {
        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest(), Some.Context(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.DoneResult>();
        result.Items.Should().ContainSingle().Which.Should().Be(new ItemOutcome("message", ItemOutcomeKind.Moved, "posted to 127.0.0.1"));
        var message = _slack.Messages.Should().ContainSingle().Subject;
        message.GetProperty("text").GetString().Should().Be(
            "Pull request merged in octocat/Hello-World by octocat: "
            + "<https://github.com/octocat/Hello-World/pull/1347|SOC-12: login &lt;retries&gt; &amp; timeouts> (tickets: SOC-12, DEVHOP-7)");
        var blocks = message.GetProperty("blocks");
        blocks[0].GetProperty("type").GetString().Should().Be("section");
        blocks[0].GetProperty("text").GetProperty("type").GetString().Should().Be("mrkdwn");
        blocks[1].GetProperty("elements")[0].GetProperty("text").GetString().Should().Be("tickets: SOC-12, DEVHOP-7");
    }

    [Fact]
    public async Task Posts_a_published_release_with_its_name_and_the_tickets_of_its_notes()
    {
        await Some.Notifier(_slack, _http).ProcessAsync(Some.PublishedRelease(), Some.Context(), CancellationToken.None);

        _slack.Messages.Should().ContainSingle().Which.GetProperty("text").GetString().Should().Be(
            "Release published in octocat/Hello-World by octocat: "
            + "<https://github.com/octocat/Hello-World/releases/tag/v1.0.0|v1.0.0> (tickets: SOC-3, SOC-4)");
    }

    [Theory]
    [InlineData("pull_request.opened")]
    [InlineData("pull_request.closed")]
    [InlineData("push")]
    public async Task Posts_nothing_for_other_events(string kind)
    {
        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest() with { Kind = kind }, Some.Context(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain(kind);
        _slack.Posts.Should().Be(0);
    }

    [Fact]
    public async Task Posts_a_redelivered_event_once()
    {
        var store = new InMemoryIdempotencyStore();
        var notifier = Some.Notifier(_slack, _http);

        await notifier.ProcessAsync(Some.MergedPullRequest("d-7"), Some.Context(store), CancellationToken.None);
        var again = await notifier.ProcessAsync(Some.MergedPullRequest("d-7"), Some.Context(store), CancellationToken.None);

        again.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("already posted");
        again.Items.Should().Equal(new ItemOutcome("message", ItemOutcomeKind.Unchanged, "already posted by an earlier attempt"));
        _slack.Posts.Should().Be(1);
        store.IsDone("slack:d-7").Should().BeTrue();
    }

    [Fact]
    public async Task Retries_without_posting_while_another_replica_holds_the_delivery()
    {
        var store = new InMemoryIdempotencyStore();
        store.HoldElsewhere("slack:d-1");

        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest("d-1"), Some.Context(store), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.RetryResult>();
        _slack.Posts.Should().Be(0);
    }

    [Fact]
    public async Task Posts_again_when_an_earlier_attempt_died_while_posting()
    {
        var store = new InMemoryIdempotencyStore();
        store.Abandon("slack:d-1", "posting to Slack");

        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest("d-1"), Some.Context(store), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.DoneResult>();
        _slack.Messages.Should().ContainSingle();
    }

    [Theory]
    [InlineData(429, "rate_limited")]
    [InlineData(503, "service unavailable")]
    public async Task Retries_after_the_delay_slack_asks_for_and_leaves_the_delivery_free(int status, string body)
    {
        _slack.AnswerNext(status, body, retryAfter: "30");
        var store = new InMemoryIdempotencyStore();

        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest("d-1"), Some.Context(store), CancellationToken.None);

        var retry = result.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.After.Should().Be(TimeSpan.FromSeconds(30));
        retry.Items.Should().ContainSingle().Which.Kind.Should().Be(ItemOutcomeKind.Retrying);
        retry.Reason.Should().Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain(body);
        store.IsHeld("slack:d-1").Should().BeFalse("the next attempt must be able to post");
    }

    [Fact]
    public async Task Leaves_the_delay_to_the_host_when_a_5xx_has_no_retry_after()
    {
        _slack.AnswerNext(500, "oops");

        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest(), Some.Context(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.After.Should().BeNull();
    }

    [Theory]
    [InlineData(400, "invalid_payload")]
    [InlineData(403, "invalid_token")]
    [InlineData(404, "no_service")]
    public async Task Fails_a_client_error_naming_slacks_answer_and_the_setting_to_check(int status, string body)
    {
        _slack.AnswerNext(status, body);

        var result = await Some.Notifier(_slack, _http).ProcessAsync(Some.MergedPullRequest(), Some.Context(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .Contain($"Slack answered {status}: {body}").And.Contain("webhook_url");
    }

    [Fact]
    public async Task Retries_when_slack_cannot_be_reached()
    {
        var url = _slack.WebhookUrl;
        await _slack.DisposeAsync();
        _slack = await FakeSlackServer.StartAsync();
        var notifier = new SlackNotifierProcessor(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SlackNotifierProcessor>.Instance,
            _http,
            Some.Settings(("webhook_url", url.ToString())),
            TimeProvider.System);

        var result = await notifier.ProcessAsync(Some.MergedPullRequest(), Some.Context(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().Contain("could not be reached");
    }
}
