using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

public sealed class CodeReferenceTests
{
    private static WebhookEvent Event(string kind, string? url, params EventText[] texts) => new()
    {
        DeliveryId = "d1",
        Provider = "github",
        RepoId = "1",
        Kind = kind,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Url = url,
        Texts = texts,
    };

    [Theory]
    [InlineData(EventKinds.PullRequestMerged, "https://github.com/acme/shop/pull/42", "PR #42 fix login (merged)")]
    [InlineData("pull_request.opened", "https://github.com/acme/shop/pull/7", "PR #7 fix login (opened)")]
    [InlineData(EventKinds.MergeRequestMerged, "https://gitlab.com/acme/shop/-/merge_requests/9", "MR !9 fix login (merged)")]
    public void Names_a_pull_or_merge_request_by_number_title_and_state(string kind, string url, string title)
    {
        CodeReference.Of(Event(kind, url, new EventText(TextSource.Title, "fix login\nmore")))!.LinkTitle.Should().Be(title);
    }

    [Fact]
    public void Names_a_release_by_its_name_or_else_its_tag()
    {
        CodeReference.Of(Event(EventKinds.ReleasePublished, "https://github.com/acme/shop/releases/tag/v1.3.0", new EventText(TextSource.ReleaseName, "Spring")))!
            .LinkTitle.Should().Be("release Spring (published)");
        CodeReference.Of(Event(EventKinds.ReleasePublished, "https://github.com/acme/shop/releases/tag/v1.3.0"))!
            .LinkTitle.Should().Be("release v1.3.0 (published)");
    }

    [Fact]
    public void Names_a_push_by_its_branch_and_first_commit_line()
    {
        var push = Event(EventKinds.Push, "https://github.com/acme/shop/compare/a...b",
            new EventText(TextSource.Branch, "main"), new EventText(TextSource.CommitMessage, "SOC-1 fix\n\nbody"));

        CodeReference.Of(push)!.LinkTitle.Should().Be("push to main SOC-1 fix");
    }

    [Fact]
    public void The_global_id_is_the_address_so_every_delivery_about_one_pull_request_shares_one_link()
    {
        var opened = CodeReference.Of(Event("pull_request.opened", "https://github.com/acme/shop/pull/42"))!;
        var merged = CodeReference.Of(Event(EventKinds.PullRequestMerged, "https://github.com/acme/shop/pull/42"))!;

        merged.GlobalId.Should().Be(opened.GlobalId).And.Be("unotify:https://github.com/acme/shop/pull/42");
    }

    [Fact]
    public void An_event_without_an_address_has_no_reference()
    {
        CodeReference.Of(Event(EventKinds.PullRequestMerged, url: null)).Should().BeNull();
    }
}
