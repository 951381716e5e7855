using System.Text.Json.Nodes;
using Unotify.Sdk;

namespace Unotify.Plugins.GitLab.Tests;

public sealed class GitLabParseTests
{
    private readonly GitLabWebhookProvider _provider = new();

    [Theory]
    [InlineData("Merge Request Hook", "merge_request.merge.json", "merge_request.merged")]
    [InlineData("Merge Request Hook", "merge_request.open.json", "merge_request.open")]
    [InlineData("Push Hook", "push.json", "push")]
    [InlineData("Tag Push Hook", "tag_push.json", "tag_push")]
    [InlineData("Release Hook", "release.create.json", "release.published")]
    public void Reads_each_fixture_into_its_event_kind(string eventName, string fixture, string kind)
    {
        var parsed = Accepted(GitLabRequestBuilder.From(eventName, fixture));

        parsed.Kind.Should().Be(kind);
        parsed.Provider.Should().Be("gitlab");
        parsed.RepoId.Should().Be("14");
        parsed.DeliveryId.Should().Be("13792a34-cac6-4fda-95a8-c58e00a3954e");
        parsed.ReceivedAt.Should().Be(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        JsonNode.Parse(parsed.Payload.Span)!["object_kind"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public void Reads_a_merged_merge_request_with_its_title_description_branch_and_last_commit()
    {
        var parsed = Accepted(GitLabRequestBuilder.MergeRequest(edit: payload =>
        {
            payload["object_attributes"]!["title"] = "SOC-12: viewport";
            payload["object_attributes"]!["description"] = "Fixes soc-13.";
            payload["object_attributes"]!["source_branch"] = "feature/devhop-7-viewport";
        }));

        parsed.Kind.Should().Be("merge_request.merged");
        parsed.Texts.Should().Equal(
            new EventText(TextSource.Title, "SOC-12: viewport"),
            new EventText(TextSource.Body, "Fixes soc-13."),
            new EventText(TextSource.Branch, "feature/devhop-7-viewport"),
            new EventText(TextSource.CommitMessage, "fixed readme"));
        parsed.Repository.Should().Be("gitlabhq/gitlab-test");
        parsed.Url.Should().Be("http://example.com/diaspora/merge_requests/1");
        parsed.Actor.Should().Be("root");
    }

    [Fact]
    public void Leaves_out_an_empty_description()
    {
        var parsed = Accepted(GitLabRequestBuilder.MergeRequest());

        parsed.Texts.Select(t => t.Source).Should().Equal(TextSource.Title, TextSource.Branch, TextSource.CommitMessage);
    }

    [Theory]
    [InlineData("close", "merge_request.close")]
    [InlineData("approved", "merge_request.approved")]
    [InlineData("update", "merge_request.update")]
    public void Names_other_merge_request_actions_after_the_action(string action, string kind) =>
        Accepted(GitLabRequestBuilder.MergeRequest(edit: payload => payload["object_attributes"]!["action"] = action)).Kind.Should().Be(kind);

    [Fact]
    public void Reads_a_push_with_its_branch_and_every_commit_message()
    {
        var parsed = Accepted(GitLabRequestBuilder.From("Push Hook", "push.json"));

        parsed.Texts.Should().Equal(
            new EventText(TextSource.Branch, "master"),
            new EventText(TextSource.CommitMessage, "Update Catalan translation to e38cb41.\n\nSee https://gitlab.com/gitlab-org/gitlab for more information"),
            new EventText(TextSource.CommitMessage, "fixed readme"));
        parsed.Repository.Should().Be("mike/diaspora");
        parsed.Actor.Should().Be("jsmith");
        parsed.Url.Should().Be("http://example.com/mike/diaspora/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    }

    [Fact]
    public void Reads_a_tag_push_with_its_message_and_no_branch()
    {
        var parsed = Accepted(GitLabRequestBuilder.From("Tag Push Hook", "tag_push.json"));

        parsed.Texts.Should().Equal(new EventText(TextSource.Other, "Tag message"));
        parsed.Url.Should().Be("http://example.com/jsmith/example");
        parsed.Actor.Should().Be("jsmith");
    }

    [Fact]
    public void Reads_a_created_release_as_published_with_its_name_and_notes()
    {
        var parsed = Accepted(GitLabRequestBuilder.From("Release Hook", "release.create.json", payload => payload["description"] = "Ships SOC-3."));

        parsed.Kind.Should().Be(EventKinds.ReleasePublished);
        parsed.Texts.Should().Equal(new EventText(TextSource.ReleaseName, "v1.1"), new EventText(TextSource.ReleaseNotes, "Ships SOC-3."));
        parsed.Url.Should().Be("https://example.com/gitlab-org/release-webhook-example/-/releases/v1.1");
        parsed.Repository.Should().Be("gitlab-org/release-webhook-example");
    }

    [Theory]
    [InlineData("update", "release.update")]
    [InlineData("delete", "release.delete")]
    public void Names_other_release_actions_after_the_action(string action, string kind) =>
        Accepted(GitLabRequestBuilder.From("Release Hook", "release.create.json", payload => payload["action"] = action)).Kind.Should().Be(kind);

    [Fact]
    public void Reads_an_event_it_has_no_reader_for_by_its_object_kind_and_action()
    {
        var parsed = Accepted(GitLabRequestBuilder.Raw("Issue Hook", """{"object_kind":"issue","user":{"username":"root"},"object_attributes":{"action":"open","url":"http://example.com/i/1"}}"""));

        (parsed.Kind, parsed.Actor, parsed.Url).Should().Be(("issue.open", "root", "http://example.com/i/1"));
        parsed.Texts.Should().BeEmpty();
    }

    [Fact]
    public void Prefers_the_idempotency_key_gitlab_keeps_across_its_retries()
    {
        var parsed = Accepted(GitLabRequestBuilder.MergeRequest().WithHeader("Idempotency-Key", "908a6d9e-45fd-46c8-97e6-c4f350f219dd"));

        parsed.DeliveryId.Should().Be("908a6d9e-45fd-46c8-97e6-c4f350f219dd");
    }

    [Fact]
    public void Falls_back_to_the_webhook_uuid_without_an_event_uuid() =>
        Accepted(GitLabRequestBuilder.MergeRequest().WithoutHeader("X-Gitlab-Event-UUID")).DeliveryId.Should().Be("5a9a6f5c-6b9c-4f33-b2d6-d6c8ef0c4e3c");

    [Fact]
    public void Uses_the_registered_path_when_the_payload_names_no_project() =>
        Accepted(GitLabRequestBuilder.Raw("Issue Hook", """{"object_kind":"issue"}""")).Repository.Should().Be("registered/path");

    [Fact]
    public void Rejects_a_request_without_an_event_header() =>
        Rejected(GitLabRequestBuilder.MergeRequest().WithoutHeader("X-Gitlab-Event")).Should().Contain("no X-Gitlab-Event header");

    [Fact]
    public void Rejects_a_delivery_id_with_a_control_character_naming_the_headers() =>
        Rejected(GitLabRequestBuilder.MergeRequest().WithHeader("X-Gitlab-Event-UUID", "abc\u0001def"))
            .Should().Contain("contains the control character U+0001");

    [Fact]
    public void Rejects_a_payload_that_is_not_valid_utf8() =>
        Rejected(GitLabRequestBuilder.Raw("Push Hook", "{}").WithBody([.. "{\"object_kind\":\"push\",\"ref\":\"x"u8, 0xFF, .. "\"}"u8]))
            .Should().Contain("not valid UTF-8");

    [Fact]
    public void Rejects_a_request_without_any_delivery_id() =>
        Rejected(GitLabRequestBuilder.MergeRequest().WithoutHeader("X-Gitlab-Event-UUID").WithoutHeader("X-Gitlab-Webhook-UUID"))
            .Should().Contain("Idempotency-Key, X-Gitlab-Event-UUID, X-Gitlab-Webhook-UUID");

    [Fact]
    public void Rejects_a_body_that_is_not_json() =>
        Rejected(GitLabRequestBuilder.Raw("Push Hook", "{\"object_kind\": ")).Should().StartWith("The Push Hook payload is not valid JSON");

    [Fact]
    public void Rejects_a_json_array() =>
        Rejected(GitLabRequestBuilder.Raw("Push Hook", "[]")).Should().Contain("a JSON array, not an object");

    [Fact]
    public void Rejects_a_payload_without_a_kind() =>
        Rejected(GitLabRequestBuilder.Raw("Push Hook", """{"ref":"refs/heads/main"}""")).Should().Contain("neither object_kind nor event_name");

    [Fact]
    public void Declares_only_json_bodies_so_the_host_refuses_a_form_with_415_and_finds_the_delivery_id_in_its_header()
    {
        _provider.MediaTypes.Should().Equal("application/json");
        _provider.FindDeliveryId(GitLabRequestBuilder.MergeRequest().Build().Headers).Should().Be("13792a34-cac6-4fda-95a8-c58e00a3954e");
        _provider.FindDeliveryId(WebhookHeaders.Empty).Should().BeNull();
    }

    private WebhookEvent Accepted(GitLabRequestBuilder builder) =>
        _provider.Parse(builder.Build()).Should().BeOfType<WebhookParseResult.Accepted>().Subject.Event;

    private string Rejected(GitLabRequestBuilder builder) =>
        _provider.Parse(builder.Build()).Should().BeOfType<WebhookParseResult.Rejected>().Subject.Error;
}
