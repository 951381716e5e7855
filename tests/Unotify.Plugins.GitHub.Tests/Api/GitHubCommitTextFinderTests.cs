using Unotify.Sdk;
using Unotify.Testing.FakeGitHub;
using Unotify.Testing.Redis;

namespace Unotify.Plugins.GitHub.Tests;

public sealed class GitHubCommitTextFinderTests : IAsyncLifetime
{
    private const string Repository = GitHubEvents.Repository;
    private static readonly DateTimeOffset V120At = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset V130At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private GitHubApiTestBed _bed = null!;

    private FakeGitHubServer GitHub => _bed.GitHub;

    public async Task InitializeAsync() => _bed = await GitHubApiTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_merged_pull_request_yields_the_message_of_every_commit_across_pages_each_named_by_its_short_sha()
    {
        GitHub.AddPullRequestCommits(Repository, 2,
            ("abc1234aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "SOC-1 fix the form"),
            ("bcd2345bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "SOC-2 #review ready"),
            ("cde3456ccccccccccccccccccccccccccccccccc", "tidy up"),
            ("def4567ddddddddddddddddddddddddddddddddd", "SOC-3 #comment done"),
            ("efa5678eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "last"));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeNull();
        lookup.Texts.Select(text => (text.Source, text.Text, text.Origin)).Should().Equal(
            (TextSource.CommitMessage, "SOC-1 fix the form", "commit abc1234"),
            (TextSource.CommitMessage, "SOC-2 #review ready", "commit bcd2345"),
            (TextSource.CommitMessage, "tidy up", "commit cde3456"),
            (TextSource.CommitMessage, "SOC-3 #comment done", "commit def4567"),
            (TextSource.CommitMessage, "last", "commit efa5678"));
        GitHub.Requests.Select(request => request.Path + request.Query).Should().Equal(
            "/repos/Codertocat/Hello-World/pulls/2/commits?per_page=100",
            "/repos/Codertocat/Hello-World/pulls/2/commits?per_page=2&page=2",
            "/repos/Codertocat/Hello-World/pulls/2/commits?per_page=2&page=3");
    }

    [Fact]
    public async Task Every_request_carries_the_token_as_bearer_the_github_media_type_the_api_version_and_a_user_agent()
    {
        GitHub.AddPullRequestCommits(Repository, 2, ("abc1234", "one"), ("bcd2345", "two"), ("cde3456", "three"));

        await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        GitHub.Requests.Should().HaveCount(2).And.OnlyContain(request =>
            request.Header("Authorization") == "Bearer " + GitHub.Token
            && request.Header("Accept") == "application/vnd.github+json"
            && request.Header("X-GitHub-Api-Version") == "2022-11-28"
            && request.Header("User-Agent")!.StartsWith("Unotify/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_published_release_yields_every_commit_since_the_latest_earlier_release_named_by_the_range()
    {
        GitHub.AddRelease(Repository, 13, "v1.3.0", V130At)
            .AddRelease(Repository, 14, "v1.4.0-draft", V130At.AddDays(1), draft: true)
            .AddRelease(Repository, 11, "v1.1.0", V120At.AddDays(-30))
            .AddRelease(Repository, 12, "v1.2.0", V120At)
            .AddRelease(Repository, 10, "v1.0.0", V120At.AddDays(-60));
        GitHub.AddComparison(Repository, "v1.2.0", "v1.3.0", ("a1", "SOC-4 search"), ("b2", "Merge pull request #9"), ("c3", "DEVHOP-5 #review dark mode"));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.PublishedRelease("v1.3.0", 13, V130At), CancellationToken.None);

        lookup.Problem.Should().BeNull();
        lookup.Texts.Select(text => (text.Text, text.Origin)).Should().Equal(
            ("SOC-4 search", "release range v1.2.0…v1.3.0"),
            ("Merge pull request #9", "release range v1.2.0…v1.3.0"),
            ("DEVHOP-5 #review dark mode", "release range v1.2.0…v1.3.0"));
        GitHub.Requests.Select(request => request.Path).Should().Equal(
            [.. Enumerable.Repeat("/repos/Codertocat/Hello-World/releases", 3), .. Enumerable.Repeat("/repos/Codertocat/Hello-World/compare/v1.2.0...v1.3.0", 2)],
            "five releases are three pages, three commits two");
    }

    [Fact]
    public async Task The_first_release_names_nothing_more_and_compares_nothing()
    {
        GitHub.AddRelease(Repository, 13, "v1.0.0", V130At).AddRelease(Repository, 14, "v1.1.0-draft", V130At.AddDays(1), draft: true);

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.PublishedRelease("v1.0.0", 13, V130At), CancellationToken.None);

        lookup.Should().BeSameAs(EventTextLookup.None);
        GitHub.Requests.Should().ContainSingle().Which.Path.Should().EndWith("/releases");
    }

    [Fact]
    public async Task Without_an_api_token_github_is_never_called()
    {
        GitHub.AddPullRequestCommits(Repository, 2, ("abc1234", "SOC-1 fix"));
        var provider = _bed.Provider(("api_token", null));

        var merged = await provider.FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);
        var released = await provider.FindTextsAsync(GitHubEvents.PublishedRelease("v1.3.0", 13, V130At), CancellationToken.None);

        (merged, released).Should().Be((EventTextLookup.None, EventTextLookup.None));
        GitHub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Events_other_than_a_merged_pull_request_or_a_published_release_name_nothing_more_without_a_call()
    {
        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.Push(), CancellationToken.None);

        lookup.Should().BeSameAs(EventTextLookup.None);
        GitHub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_used_up_rate_limit_is_a_throttled_retry_until_the_reset_github_names()
    {
        var clock = new AdjustableClock();
        var reset = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds() + 120);
        GitHub.AddPullRequestCommits(Repository, 2, ("abc1234", "one"), ("bcd2345", "two"), ("cde3456", "three"));
        GitHub.AnswerNext(FakeGitHubAnswer.Ok("""[{"sha":"abc1234","commit":{"message":"one"}}]""", ("Link", $"<{GitHub.ApiUrl}/repos/{Repository}/pulls/2/commits?page=2>; rel=\"next\"")));
        GitHub.AnswerNext(FakeGitHubAnswer.RateLimited(reset));

        var lookup = await _bed.Provider(clock).FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        var retry = lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.Cause.Should().Be(RetryCause.Throttled);
        retry.After.Should().BeCloseTo(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(2));
        retry.Reason.Should().Contain("403").And.Contain("rate limit").And.Contain("'github'");
        lookup.Texts.Should().BeEmpty("a lookup cut short by the limit gives no partial answer");
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task An_answer_with_retry_after_is_a_throttled_retry_after_that_long(int status)
    {
        GitHub.AnswerNext(FakeGitHubAnswer.Status(status, ("Retry-After", "60")));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>()
            .Which.Should().Match<ProcessingResult.RetryResult>(retry => retry.Cause == RetryCause.Throttled && retry.After == TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_is_an_outage_to_retry(int status)
    {
        GitHub.AnswerNext(FakeGitHubAnswer.Status(status));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        var retry = lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.Cause.Should().Be(RetryCause.Unavailable);
        retry.Reason.Should().Be($"GitHub answered {status} to GET /api/v3/repos/Codertocat/Hello-World/pulls/2/commits");
    }

    [Fact]
    public async Task A_refused_token_fails_naming_the_setting_and_the_permissions_it_needs()
    {
        var lookup = await _bed.Provider(("api_token", "github_pat_wrong")).FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .StartWith("GitHub refused the api_token of provider 'github' (GitHub answered 401")
            .And.EndWith("check providers.github.settings.api_token is a valid token with 'Contents: read' and 'Pull requests: read'.");
    }

    [Fact]
    public async Task A_forbidden_answer_without_rate_limit_headers_fails_naming_the_permissions()
    {
        GitHub.AnswerNext(FakeGitHubAnswer.Status(403));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .Contain("check providers.github.settings.api_token has 'Contents: read' and 'Pull requests: read'");
    }

    [Fact]
    public async Task A_repository_github_does_not_show_the_token_fails_naming_the_token_and_the_api_url()
    {
        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page", number: 404), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .StartWith("GitHub answered 404 to GET /api/v3/repos/Codertocat/Hello-World/pulls/404/commits")
            .And.Contain("providers.github.settings.api_token").And.Contain("providers.github.settings.api_url");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"commits": 7}""")]
    [InlineData("""[{"sha": "abc1234"}]""")]
    [InlineData("""[7]""")]
    public async Task A_malformed_answer_is_a_retry_saying_so_never_an_exception(string body)
    {
        GitHub.AnswerNext(FakeGitHubAnswer.Malformed(body));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>()
            .Which.Reason.Should().StartWith("GitHub's answer to GET /api/v3/repos/Codertocat/Hello-World/pulls/2/commits is malformed: ");
    }

    [Theory]
    [InlineData("""[7]""")]
    [InlineData("""{"id": 1}""")]
    public async Task A_malformed_list_of_releases_is_a_retry_saying_so(string body)
    {
        GitHub.AnswerNext(FakeGitHubAnswer.Malformed(body));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.PublishedRelease("v1.3.0", 13, V130At), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().Contain("/releases is malformed");
    }

    [Fact]
    public async Task A_comparison_without_commits_is_a_retry_saying_so()
    {
        GitHub.AddRelease(Repository, 12, "v1.2.0", V120At).AddRelease(Repository, 13, "v1.3.0", V130At);
        GitHub.AnswerNext(FakeGitHubAnswer.Ok("""[{"id": 13, "tag_name": "v1.3.0", "published_at": "2026-12-01T10:00:00Z"}, {"id": 12, "tag_name": "v1.2.0", "published_at": "2026-11-02T10:00:00Z"}]"""));
        GitHub.AnswerNext(FakeGitHubAnswer.Malformed("""{"status": "ahead"}"""));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.PublishedRelease("v1.3.0", 13, V130At), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().EndWith("compare/v1.2.0...v1.3.0 is malformed: it has no commits array.");
    }

    [Fact]
    public async Task A_next_page_outside_the_api_url_fails_without_sending_the_token_there()
    {
        GitHub.AnswerNext(FakeGitHubAnswer.Ok("[]", ("Link", "<https://elsewhere.example/steal?page=2>; rel=\"next\"")));

        var lookup = await _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should().Contain("https://elsewhere.example/steal, outside providers.github.settings.api_url");
        GitHub.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_api_that_does_not_answer_within_the_timeout_is_an_outage_to_retry_naming_the_setting()
    {
        GitHub.AddPullRequestCommits(Repository, 2, ("abc1234", "SOC-1 fix"));
        GitHub.ResponseDelay = TimeSpan.FromSeconds(5);

        var lookup = await _bed.Provider(("timeout", "200ms")).FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        var retry = lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.Cause.Should().Be(RetryCause.Unavailable);
        retry.Reason.Should().Be("GitHub did not answer GET /api/v3/repos/Codertocat/Hello-World/pulls/2/commits within 200ms (providers.github.settings.timeout)");
    }

    [Fact]
    public async Task The_jobs_own_cancellation_escapes_as_cancellation_not_as_an_outage()
    {
        GitHub.ResponseDelay = TimeSpan.FromSeconds(5);
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var act = () => _bed.Provider().FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task An_unreachable_api_is_an_outage_to_retry()
    {
        var closedPort = Unotify.Testing.LoopbackPorts.Free();

        var lookup = await _bed.Provider(("api_url", $"http://127.0.0.1:{closedPort}/api/v3")).FindTextsAsync(GitHubEvents.MergedPullRequest("Login page"), CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.RetryResult>().Which.Cause.Should().Be(RetryCause.Unavailable);
    }

    [Fact]
    public async Task A_payload_without_the_pull_request_number_fails_saying_what_is_missing()
    {
        var merged = GitHubEvents.MergedPullRequest("Login page") with { Payload = """{"repository": {"full_name": "Codertocat/Hello-World"}}"""u8.ToArray() };

        var lookup = await _bed.Provider().FindTextsAsync(merged, CancellationToken.None);

        lookup.Problem.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should().Contain("has no pull_request.number");
        GitHub.Requests.Should().BeEmpty();
    }
}
