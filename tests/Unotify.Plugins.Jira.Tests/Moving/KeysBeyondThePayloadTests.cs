using Unotify.Plugins.GitHub;
using Unotify.Sdk;
using Unotify.Sdk.Testing;
using Unotify.Testing.FakeGitHub;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>
/// The keys and commands the provider finds beyond the payload (here the real github provider against the fake GitHub
/// API): a merged pull request's commits and a release's range move tickets like the payload's own texts.
/// </summary>
public sealed class KeysBeyondThePayloadTests : IAsyncLifetime
{
    private const string Repository = GitHubEvents.Repository;
    private static readonly HttpClient _http = new();
    private JiraTestBed _bed = null!;
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync()
    {
        _bed = await JiraTestBed.StartAsync();
        _github = await FakeGitHubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task A_merged_pull_request_whose_title_names_nothing_moves_the_tickets_its_commits_name_each_sourced_to_its_commit()
    {
        _bed.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "In Progress").AddIssue("SOC-3", "To Do");
        _github.AddPullRequestCommits(Repository, 2,
            ("abc1234aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "SOC-1 fix the form"),
            ("bcd2345bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "SOC-2 #prev back out the old form"),
            ("cde3456ccccccccccccccccccccccccccccccccc", "SOC-3 #review ready for QA"));

        var result = await ProcessAsync(GitHubEvents.MergedPullRequest("Login page"));

        result.Should().BeOfType<ProcessingResult.DoneResult>();
        result.Items.Select(item => (item.Subject, item.Kind, item.Source)).Should().Equal(
            ("SOC-1", ItemOutcomeKind.Moved, "commit abc1234"),
            ("SOC-2", ItemOutcomeKind.Moved, "commit bcd2345"),
            ("SOC-3", ItemOutcomeKind.Skipped, "commit cde3456"));
        result.Items[1].Detail.Should().Be("In Progress → To Do (#prev in commit bcd2345); linked to PR #2");
        result.Items[2].Detail.Should().StartWith("ignored (no event review from To Do, asked by #review in commit cde3456");
        (_bed.Jira.StatusOf("SOC-1"), _bed.Jira.StatusOf("SOC-2"), _bed.Jira.StatusOf("SOC-3")).Should().Be(("In Progress", "To Do", "To Do"));
    }

    [Fact]
    public async Task A_key_the_payload_names_keeps_the_payload_as_its_source_when_a_commit_names_it_too()
    {
        _bed.Jira.AddIssue("SOC-1", "To Do");
        _github.AddPullRequestCommits(Repository, 2, ("abc1234aaaa", "SOC-1 fix the form"));

        var result = await ProcessAsync(GitHubEvents.MergedPullRequest("SOC-1: login page"));

        result.Items.Should().ContainSingle().Which.Source.Should().Be("title");
        _bed.Jira.MovesOf("SOC-1").Should().ContainSingle();
    }

    [Fact]
    public async Task A_published_release_moves_every_ticket_its_range_of_commits_names()
    {
        _bed.Jira.AddIssue("SOC-1", "To Do").AddIssue("DEVHOP-2", "To Do").AddIssue("SOC-3", "In Progress");
        _github.AddRelease(Repository, 12, "v1.2.0", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))
            .AddRelease(Repository, 13, "v1.3.0", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        _github.AddComparison(Repository, "v1.2.0", "v1.3.0", ("a1", "SOC-1 search"), ("b2", "DEVHOP-2 dark mode"), ("c3", "SOC-3 faster"));

        var result = await ProcessAsync(GitHubEvents.PublishedRelease("v1.3.0", 13, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));

        result.Should().BeOfType<ProcessingResult.DoneResult>();
        result.Items.Select(item => (item.Subject, item.Kind, item.Source)).Should().Equal(
            ("SOC-1", ItemOutcomeKind.Moved, "release range v1.2.0…v1.3.0"),
            ("DEVHOP-2", ItemOutcomeKind.Moved, "release range v1.2.0…v1.3.0"),
            ("SOC-3", ItemOutcomeKind.Moved, "release range v1.2.0…v1.3.0"));
        (_bed.Jira.StatusOf("SOC-1"), _bed.Jira.StatusOf("DEVHOP-2"), _bed.Jira.StatusOf("SOC-3")).Should().Be(("In Progress", "In Progress", "Done"));
    }

    [Fact]
    public async Task A_rate_limited_github_makes_the_job_a_throttled_retry_after_the_reset_that_moves_nothing_yet()
    {
        _bed.Jira.AddIssue("SOC-9", "To Do");
        _github.AnswerNext(FakeGitHubAnswer.Status(429, ("Retry-After", "90")));

        var result = await ProcessAsync(GitHubEvents.MergedPullRequest("SOC-9 login page"));

        var retry = result.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        (retry.Cause, retry.After).Should().Be((RetryCause.Throttled, TimeSpan.FromSeconds(90)));
        _bed.Jira.Calls.Should().BeEmpty("the job comes back whole once GitHub answers");
    }

    [Fact]
    public async Task A_lookup_that_failed_is_the_jobs_result()
    {
        _bed.Jira.AddIssue("SOC-9", "To Do");
        var refused = new FixedEventTextFinder(EventTextLookup.Failed(ProcessingResult.Fail("GitHub refused the api_token of provider 'github'")));

        var result = await _bed.Processor().ProcessAsync(GitHubEvents.MergedPullRequest("SOC-9 login page"), Context(refused), CancellationToken.None);

        result.Should().Be(ProcessingResult.Fail("GitHub refused the api_token of provider 'github'"));
        refused.Calls.Should().Be(1);
        _bed.Jira.Calls.Should().BeEmpty();
    }

    private Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent)
    {
        var github = new ConfiguredGitHubWebhookProvider(
            new ProviderSettings("github", new ProcessorSettings("github", [new("api_url", _github.ApiUrl), new("api_token", _github.Token)])), _http, TimeProvider.System);
        return _bed.Processor().ProcessAsync(webhookEvent, Context(github), CancellationToken.None);
    }

    private ProcessorContext Context(IEventTextFinder finder) => new()
    {
        WorkerName = "atlassian",
        JobId = Guid.NewGuid().ToString("N"),
        Idempotency = _bed.Calls,
        Cache = _bed.Cache,
        Attempt = 1,
        Logger = _bed.Log,
        TextFinder = finder,
    };
}
