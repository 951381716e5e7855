using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Sdk;
using Unotify.Sdk.Testing;
using Unotify.Testing.Receiving;

namespace Unotify.Plugins.Http.Tests;

public sealed class ChatNotifierTests : IAsyncLifetime
{
    private const string Secret = "/services/T000/B000/XXXXsecretXXXX";
    private readonly HttpClient _http = new();
    private RecordingReceiver _chat = null!;

    public async Task InitializeAsync() => _chat = await RecordingReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _chat.DisposeAsync();
    }

    private IEventProcessor Notifier(string service, params (string Key, string Value)[] settings)
    {
        var all = settings.Any(setting => setting.Key == "webhook_url") ? settings : [("webhook_url", _chat.Url(Secret).ToString()), .. settings];
        var built = Some.Worker(all).BuildSettings();
        return service switch
        {
            "slack" => new SlackNotifier(NullLogger<SlackNotifier>.Instance, _http, built, TimeProvider.System, IRequestLimiter.Unlimited),
            "teams" => new TeamsNotifier(NullLogger<TeamsNotifier>.Instance, _http, built, TimeProvider.System, IRequestLimiter.Unlimited),
            _ => new DiscordNotifier(NullLogger<DiscordNotifier>.Instance, _http, built, TimeProvider.System, IRequestLimiter.Unlimited),
        };
    }

    /// <summary>The message text as each service's body carries it.</summary>
    private static string TextOf(string service, JsonElement body) => service switch
    {
        "slack" => body.GetProperty("text").GetString()!.Split("\n<", 2)[0],
        "teams" => body.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString()!,
        _ => body.GetProperty("embeds")[0].GetProperty("description").GetString()!,
    };

    [Fact]
    public async Task Slack_gets_the_default_text_with_the_tickets_and_a_link_in_mrkdwn_with_markup_escaped()
    {
        var result = await Notifier("slack").ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Be("posted pull_request.merged to 127.0.0.1: 200");
        var request = _chat.Requests.Should().ContainSingle().Subject;
        (request.Path, request.Header("Content-Type")).Should().Be((Secret, "application/json; charset=utf-8"));
        request.Json.GetProperty("text").GetString().Should().Be(
            "Codertocat merged \"SOC-12: say \"hello\" &lt;b&gt;&amp;&lt;/b&gt; wave\" in Codertocat/Hello-World · SOC-12, SOC-13, DEVHOP-7\n"
            + "<https://github.com/Codertocat/Hello-World/pull/2|SOC-12: say \"hello\" &lt;b&gt;&amp;&lt;/b&gt; wave>");
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_with_the_text_and_an_open_button()
    {
        await Notifier("teams").ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var body = _chat.Requests.Should().ContainSingle().Subject.Json;
        body.GetProperty("type").GetString().Should().Be("message");
        var attachment = body.GetProperty("attachments")[0];
        attachment.GetProperty("contentType").GetString().Should().Be("application/vnd.microsoft.card.adaptive");
        var card = attachment.GetProperty("content");
        (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()).Should().Be(("AdaptiveCard", "1.4"));
        card.GetProperty("body")[0].GetProperty("text").GetString().Should().Be(
            "Codertocat merged \"SOC-12: say \"hello\" <b>&</b> wave\" in Codertocat/Hello-World · SOC-12, SOC-13, DEVHOP-7");
        card.GetProperty("actions")[0].GetProperty("url").GetString().Should().Be("https://github.com/Codertocat/Hello-World/pull/2");
    }

    [Fact]
    public async Task Discord_gets_one_embed_linking_the_title_and_mentions_nobody()
    {
        await Notifier("discord").ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var body = _chat.Requests.Should().ContainSingle().Subject.Json;
        var embed = body.GetProperty("embeds")[0];
        embed.GetProperty("title").GetString().Should().Be("SOC-12: say \"hello\" <b>&</b> wave");
        embed.GetProperty("url").GetString().Should().Be("https://github.com/Codertocat/Hello-World/pull/2");
        embed.GetProperty("description").GetString().Should().StartWith("Codertocat merged");
        body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("discord")]
    public async Task A_redelivery_sends_nothing_twice(string service)
    {
        var notifier = Notifier(service);
        var context = Some.Worker().Build();

        await notifier.ProcessAsync(Some.MergedPullRequest(), context, CancellationToken.None);
        var again = await notifier.ProcessAsync(Some.MergedPullRequest(), context, CancellationToken.None);

        again.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("already posted");
        _chat.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("discord")]
    public async Task A_429_is_a_throttled_retry_after_the_time_asked_and_a_5xx_an_outage(string service)
    {
        _chat.AnswerNext(new ReceiverAnswer(429, "rate_limited", RetryAfter: "7"));
        _chat.AnswerNext(new ReceiverAnswer(503, "down"));
        var notifier = Notifier(service);

        var throttled = await notifier.ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);
        var unavailable = await notifier.ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);
        var sent = await notifier.ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var retry = throttled.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        (retry.After, retry.Cause).Should().Be((TimeSpan.FromSeconds(7), RetryCause.Throttled));
        unavailable.Should().BeOfType<ProcessingResult.RetryResult>().Which.Cause.Should().Be(RetryCause.Unavailable);
        sent.Should().BeOfType<ProcessingResult.DoneResult>();
        _chat.Requests.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("slack", "Slack")]
    [InlineData("teams", "Microsoft Teams")]
    [InlineData("discord", "Discord")]
    public async Task A_4xx_fails_naming_the_setting_to_fix_and_never_the_secret_path(string service, string name)
    {
        _chat.AnswerNext(new ReceiverAnswer(404, "no_service"));

        var result = await Notifier(service).ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        var reason = result.Should().BeOfType<ProcessingResult.FailResult>().Subject.Reason;
        reason.Should().Be($"127.0.0.1 answered 404: no_service; check setting 'webhook_url' of worker 'hooks': the {name} webhook may have been deleted or its URL mistyped.");
        reason.Should().NotContain("XXXXsecret");
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("discord")]
    public async Task A_template_per_event_kind_wins_over_the_workers_template_which_wins_over_the_default(string service)
    {
        var notifier = Notifier(service, ("template", "{{kind}} by {{actor}}"), ("templates:release.published", "Shipped {{title}} ({{tickets}})"));

        await notifier.ProcessAsync(Some.PublishedRelease(), Some.Worker().Build(), CancellationToken.None);
        await notifier.ProcessAsync(Some.MergedPullRequest(), Some.Worker().Build(), CancellationToken.None);

        _chat.Requests.Select(request => TextOf(service, request.Json)).Should().Equal("Shipped v0.0.1 (SOC-3)", "pull_request.merged by Codertocat");
    }

    [Fact]
    public async Task The_default_text_reads_well_for_each_kind_the_built_in_providers_produce()
    {
        var notifier = Notifier("teams");

        await notifier.ProcessAsync(Some.PublishedRelease(), Some.Worker().Build(), CancellationToken.None);

        TextOf("teams", _chat.Requests.Single().Json).Should().Be("Codertocat published v0.0.1 of Codertocat/Hello-World · SOC-3");
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("discord")]
    public async Task The_default_text_ends_with_what_the_followed_worker_did_instead_of_the_tickets(string service)
    {
        var followed = new FollowedOutcome("atlassian", false, "SOC-12: To Do → In Progress; SOC-13: already in Done", [
            new ItemOutcome("SOC-12", ItemOutcomeKind.Moved, "To Do → In Progress; linked to PR #2") { From = "To Do", To = "In Progress" },
            new ItemOutcome("SOC-13", ItemOutcomeKind.Unchanged, "already in Done")]);

        await Notifier(service).ProcessAsync(Some.MergedPullRequest(), Some.Worker().WithFollowed(followed).Build(), CancellationToken.None);

        TextOf(service, _chat.Requests.Single().Json).Should().EndWith(
            " in Codertocat/Hello-World · SOC-12 To Do → In Progress, SOC-13 already in Done");
    }

    [Theory]
    [InlineData(false, "SOC-12 To Do → In Progress", "merged: SOC-12 To Do → In Progress")]
    [InlineData(true, "", "merged: atlassian failed: Jira answered 401")]
    public async Task The_outcomes_placeholder_says_the_followed_workers_items_or_its_failure(bool deadLettered, string item, string expected)
    {
        IReadOnlyList<ItemOutcome> items = item.Length == 0 ? [] : [new ItemOutcome("SOC-12", ItemOutcomeKind.Moved, "To Do → In Progress")];
        var followed = new FollowedOutcome("atlassian", deadLettered, "Jira answered 401", items);

        await Notifier("teams", ("template", "merged: {{outcomes}}")).ProcessAsync(Some.MergedPullRequest(), Some.Worker().WithFollowed(followed).Build(), CancellationToken.None);
        await Notifier("teams", ("template", "merged: {{outcomes}}")).ProcessAsync(Some.MergedPullRequest("d-unfollowed"), Some.Worker().Build(), CancellationToken.None);

        _chat.Requests.Select(request => TextOf("teams", request.Json)).Should().Equal(expected, "merged: ");
    }

    [Theory]
    [InlineData("template", "{{titel}} merged", "setting 'template' names {{titel}}, which is not a placeholder")]
    [InlineData("templates:push", "{{who}} pushed", "setting 'templates:push' names {{who}}, which is not a placeholder")]
    public void A_template_with_an_unknown_placeholder_stops_start_up_naming_the_setting(string key, string value, string message)
    {
        FluentActions.Invoking(() => Notifier("slack", (key, value))).Should().Throw<ProcessorSettingsException>().WithMessage($"worker 'hooks': {message}*");
    }

    [Theory]
    [InlineData("", "setting 'webhook_url' is missing; set it to the Slack webhook's address")]
    [InlineData("hooks.slack.com/services/T0/B0/secret", "setting 'webhook_url' is not an absolute http(s) address")]
    public void A_missing_or_bad_webhook_url_stops_start_up_without_repeating_it(string url, string message)
    {
        var starting = () => Notifier("slack", ("webhook_url", url));

        var problem = starting.Should().Throw<ProcessorSettingsException>().Which.Message;
        problem.Should().Contain(message);
        if (url.Length > 0)
        {
            problem.Should().NotContain("secret");
        }
    }
}
