using Unotify.Core.Routing;

namespace Unotify.Core.Tests.Routing;

public sealed class EventFilterTests
{
    [Theory]
    [InlineData("github", "pull_request.merged", true)]
    [InlineData("gitlab", "merge_request.merged", true)]
    [InlineData("github", "release.published", true)]
    [InlineData("gitlab", "release.published", true)]
    [InlineData("github", "pull_request.closed", false)]
    [InlineData("github", "pull_request.opened", false)]
    [InlineData("github", "push", false)]
    [InlineData("gitlab", "merge_request.open", false)]
    public void A_worker_without_on_takes_merged_pull_and_merge_requests_and_published_releases_from_any_provider(string provider, string kind, bool taken) =>
        EventFilter.Default.Matches(provider, kind).Should().Be(taken);

    [Theory]
    [InlineData("github", "pull_request", "github", "pull_request.opened", true)]
    [InlineData("github", "pull_request", "github", "pull_request_review.submitted", false)]
    [InlineData("GitHub", "Push", "github", "push", true)]
    [InlineData("github", "*", "gitlab", "push", false)]
    [InlineData("*", "*", "gitlab", "anything.at_all", true)]
    public void A_rule_names_a_kind_an_event_with_all_its_actions_or_a_wildcard(string ruleProvider, string ruleKind, string provider, string kind, bool taken) =>
        new EventFilterRule(ruleProvider, ruleKind).Matches(provider, kind).Should().Be(taken);
}
