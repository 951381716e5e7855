using System.Text;
using System.Text.Json.Nodes;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub.Tests;

public sealed class GitHubParseTests
{
    private readonly GitHubWebhookProvider _provider = new();

    private WebhookEvent Accepted(GitHubRequestBuilder builder)
    {
        var result = _provider.Parse(builder.Build());
        return result.Should().BeOfType<WebhookParseResult.Accepted>().Subject.Event;
    }

    private string Rejected(GitHubRequestBuilder builder)
    {
        var result = _provider.Parse(builder.Build());
        return result.Should().BeOfType<WebhookParseResult.Rejected>().Subject.Error;
    }

    [Theory]
    [InlineData("pull_request.closed.json", "pull_request", "pull_request.closed")]
    [InlineData("pull_request.opened.json", "pull_request", "pull_request.opened")]
    [InlineData("pull_request.opened.with-null-body.json", "pull_request", "pull_request.opened")]
    [InlineData("release.published.json", "release", "release.published")]
    [InlineData("push.json", "push", "push")]
    public void Reads_the_kind_repository_and_actor_of_each_real_payload(string file, string eventName, string kind)
    {
        var webhookEvent = Accepted(GitHubRequestBuilder.For(eventName).WithFixture(file));

        webhookEvent.Kind.Should().Be(kind);
        webhookEvent.Provider.Should().Be("github");
        webhookEvent.DeliveryId.Should().Be("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        webhookEvent.RepoId.Should().Be("1296269");
        webhookEvent.Repository.Should().Be("Codertocat/Hello-World");
        webhookEvent.Actor.Should().Be("Codertocat");
        webhookEvent.Url.Should().StartWith("https://github.com/Codertocat/Hello-World/");
        Encoding.UTF8.GetString(webhookEvent.Payload.Span).Should().Be(GitHubRequestBuilder.FixtureText(file));
        webhookEvent.ReceivedAt.Should().Be(new DateTimeOffset(2026, 11, 29, 2, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Ignores_a_ping() =>
        _provider.Parse(GitHubRequestBuilder.For("ping").WithFixture("ping.json").Build())
            .Should().Be(new WebhookParseResult.Ignored("ping"));

    [Fact]
    public void Reads_a_closed_and_merged_pull_request_as_merged_with_title_body_and_branch()
    {
        var payload = GitHubRequestBuilder.FixtureJson("pull_request.closed.json");
        payload["pull_request"]!["merged"] = true;
        payload["pull_request"]!["title"] = "SOC-1 Login page";
        payload["pull_request"]!["body"] = "Also fixes devhop-2.";
        payload["pull_request"]!["head"]!["ref"] = "feature/soc-1-login";

        var webhookEvent = Accepted(GitHubRequestBuilder.For("pull_request").WithJson(payload));

        webhookEvent.Kind.Should().Be(EventKinds.PullRequestMerged);
        webhookEvent.Texts.Should().Equal(
            new EventText(TextSource.Title, "SOC-1 Login page"),
            new EventText(TextSource.Body, "Also fixes devhop-2."),
            new EventText(TextSource.Branch, "feature/soc-1-login"));
        webhookEvent.Url.Should().Be("https://github.com/Codertocat/Hello-World/pull/2");
    }

    [Fact]
    public void Keeps_a_closed_but_unmerged_pull_request_as_closed()
    {
        var webhookEvent = Accepted(GitHubRequestBuilder.For("pull_request").WithFixture("pull_request.closed.json"));

        webhookEvent.Kind.Should().Be("pull_request.closed");
        webhookEvent.FirstText(TextSource.Title).Should().Be("Update the README with new information.");
        webhookEvent.FirstText(TextSource.Branch).Should().Be("changes");
    }

    [Fact]
    public void Leaves_out_a_null_pull_request_body()
    {
        var webhookEvent = Accepted(GitHubRequestBuilder.For("pull_request").WithFixture("pull_request.opened.with-null-body.json"));

        webhookEvent.FirstText(TextSource.Body).Should().BeNull();
        webhookEvent.FirstText(TextSource.Title).Should().NotBeNull();
    }

    [Fact]
    public void Reads_a_releases_name_and_notes()
    {
        var payload = GitHubRequestBuilder.FixtureJson("release.published.json");
        payload["release"]!["name"] = "v1.2 (SOC-7)";
        payload["release"]!["body"] = "- DEVHOP-3 export\n- SOC-8 import";

        var webhookEvent = Accepted(GitHubRequestBuilder.For("release").WithJson(payload));

        webhookEvent.Kind.Should().Be(EventKinds.ReleasePublished);
        webhookEvent.Texts.Should().Equal(
            new EventText(TextSource.ReleaseName, "v1.2 (SOC-7)"),
            new EventText(TextSource.ReleaseNotes, "- DEVHOP-3 export\n- SOC-8 import"));
        webhookEvent.Url.Should().Be("https://github.com/Codertocat/Hello-World/releases/tag/0.0.1");
    }

    [Fact]
    public void Reads_each_commit_message_and_the_pushed_branch_of_a_push()
    {
        var payload = GitHubRequestBuilder.FixtureJson("push.json");
        payload["ref"] = "refs/heads/feature/SOC-3";
        payload["commits"] = new JsonArray(
            new JsonObject { ["id"] = "a1", ["message"] = "SOC-3 first" },
            new JsonObject { ["id"] = "a2", ["message"] = "SOC-4 second" },
            new JsonObject { ["id"] = "a3", ["message"] = null });

        var webhookEvent = Accepted(GitHubRequestBuilder.For("push").WithJson(payload));

        webhookEvent.Texts.Should().Equal(
            new EventText(TextSource.Branch, "feature/SOC-3"),
            new EventText(TextSource.CommitMessage, "SOC-3 first"),
            new EventText(TextSource.CommitMessage, "SOC-4 second"));
        webhookEvent.Url.Should().Be("https://github.com/Codertocat/Hello-World/compare/6113728f27ae...000000000000");
    }

    [Fact]
    public void Does_not_read_a_pushed_tag_as_a_branch() =>
        Accepted(GitHubRequestBuilder.For("push").WithFixture("push.json")).Texts.Should().BeEmpty();

    [Theory]
    [InlineData("issues", """{"action":"opened","sender":{"login":"octocat"}}""", "issues.opened")]
    [InlineData("create", """{"ref":"main","ref_type":"branch"}""", "create")]
    [InlineData("pull_request", """{"number":1}""", "pull_request")]
    public void Accepts_other_events_with_the_event_and_action_as_kind(string eventName, string json, string kind)
    {
        var webhookEvent = Accepted(GitHubRequestBuilder.For(eventName).WithJson(json));

        webhookEvent.Kind.Should().Be(kind);
        webhookEvent.Texts.Should().BeEmpty();
        webhookEvent.Repository.Should().Be("octocat/Hello-World", "the registration's path stands in when the payload has none");
    }

    [Fact]
    public void Treats_fields_of_unexpected_types_as_absent()
    {
        const string json = """{"action":"closed","pull_request":{"merged":"yes","title":42,"body":["x"],"head":"main"},"sender":7}""";

        var webhookEvent = Accepted(GitHubRequestBuilder.For("pull_request").WithJson(json));

        webhookEvent.Kind.Should().Be("pull_request.closed");
        webhookEvent.Texts.Should().BeEmpty();
        webhookEvent.Actor.Should().BeNull();
    }

    [Fact]
    public void Reads_a_form_body_through_its_payload_field()
    {
        var payload = GitHubRequestBuilder.FixtureJson("pull_request.closed.json");
        payload["pull_request"]!["merged"] = true;
        payload["pull_request"]!["title"] = "SOC-1 & friends + 100% more";
        var json = payload.ToJsonString();

        var webhookEvent = Accepted(GitHubRequestBuilder.For("pull_request").WithForm(json));

        webhookEvent.Kind.Should().Be(EventKinds.PullRequestMerged);
        webhookEvent.FirstText(TextSource.Title).Should().Be("SOC-1 & friends + 100% more");
        Encoding.UTF8.GetString(webhookEvent.Payload.Span).Should().Be(json);
    }

    [Fact]
    public void Finds_the_payload_field_among_other_form_fields()
    {
        var body = Encoding.ASCII.GetBytes("other=1&payload=" + Uri.EscapeDataString("""{"zen":"x"}""") + "&more=2");

        Encoding.UTF8.GetString(Accepted(GitHubRequestBuilder.For("watch").WithBody(body, "application/x-www-form-urlencoded")).Payload.Span)
            .Should().Be("""{"zen":"x"}""");
    }

    [Fact]
    public void Rejects_a_form_body_without_a_payload_field() =>
        Rejected(GitHubRequestBuilder.For("push").WithBody("data=%7B%7D"u8.ToArray(), "application/x-www-form-urlencoded"))
            .Should().Contain("payload");

    [Theory]
    [InlineData("X-GitHub-Event")]
    [InlineData("X-GitHub-Delivery")]
    public void Rejects_a_request_without_a_required_header_naming_it(string header) =>
        Rejected(GitHubRequestBuilder.For("push").WithFixture("push.json").WithoutHeader(header)).Should().Contain(header);

    [Theory]
    [InlineData("X-GitHub-Delivery", 300, "is 300 characters long; at most 200 are allowed")]
    [InlineData("X-GitHub-Delivery", -1, "contains the control character U+0009")]
    [InlineData("X-GitHub-Event", 250, "is 250 characters long")]
    [InlineData("X-GitHub-Event", -1, "contains the control character U+0009")]
    public void Rejects_an_id_header_that_cannot_be_stored_naming_the_header(string header, int length, string problem) =>
        Rejected(GitHubRequestBuilder.For("push").WithFixture("push.json").WithHeader(header, length < 0 ? "a\tb" : new string('x', length)))
            .Should().Contain($"The {header} header {problem}");

    [Fact]
    public void Rejects_an_action_that_makes_the_kind_too_long()
    {
        var json = GitHubRequestBuilder.FixtureJson("pull_request.opened.json");
        json["action"] = new string('a', 250);

        Rejected(GitHubRequestBuilder.For("pull_request").WithJson(json)).Should().Contain("the payload's action").And.Contain("at most 200");
    }

    [Fact]
    public void Rejects_a_payload_that_is_not_valid_utf8_instead_of_failing_on_its_strings()
    {
        var body = Encoding.UTF8.GetBytes(GitHubRequestBuilder.FixtureText("pull_request.opened.json"));
        var title = body.AsSpan().IndexOf("\"title\": \""u8) + 10;
        body[title] = 0xC3; // a lead byte followed by an ASCII letter: not UTF-8

        Rejected(GitHubRequestBuilder.For("pull_request").WithBody(body, "application/json")).Should().Contain("not valid UTF-8");
    }

    [Fact]
    public void Rejects_truncated_json_with_a_clear_message()
    {
        var text = GitHubRequestBuilder.FixtureText("pull_request.opened.json");

        Rejected(GitHubRequestBuilder.For("pull_request").WithJson(text[..(text.Length / 2)]))
            .Should().Contain("not valid JSON");
    }

    [Theory]
    [InlineData("[1,2]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("null", "null")]
    public void Rejects_json_that_is_not_an_object(string json, string kind) =>
        Rejected(GitHubRequestBuilder.For("push").WithJson(json)).Should().Contain(kind).And.Contain("not an object");

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void Rejects_an_empty_body(string body) =>
        Rejected(GitHubRequestBuilder.For("push").WithBody(Encoding.UTF8.GetBytes(body), "application/json")).Should().Contain("empty");

    [Fact]
    public void Rejects_an_unsupported_content_type_naming_the_supported_ones() =>
        Rejected(GitHubRequestBuilder.For("push").WithBody("{}"u8.ToArray(), "text/plain"))
            .Should().Contain("text/plain").And.Contain("application/json").And.Contain("application/x-www-form-urlencoded");

    [Theory]
    [InlineData("application/vnd.github+json")]
    [InlineData("application/problem+JSON")]
    public void Reads_a_structured_json_content_type_as_json(string contentType) =>
        Accepted(GitHubRequestBuilder.For("push").WithBody("{}"u8.ToArray(), contentType)).Kind.Should().Be("push");

    [Fact]
    public void Declares_json_structured_json_and_form_bodies_and_finds_the_delivery_id_in_its_header()
    {
        var provider = new GitHubWebhookProvider();

        provider.MediaTypes.Should().Equal("application/json", "application/*+json", "application/x-www-form-urlencoded");
        provider.FindDeliveryId(GitHubRequestBuilder.For("push").Build().Headers).Should().NotBeNullOrEmpty();
        provider.FindDeliveryId(GitHubRequestBuilder.For("push").WithoutHeader("X-GitHub-Delivery").Build().Headers).Should().BeNull();
    }

    [Fact]
    public void Survives_a_json_round_trip_of_the_event()
    {
        var webhookEvent = Accepted(GitHubRequestBuilder.For("pull_request").WithFixture("pull_request.opened.json"));

        var copy = System.Text.Json.JsonSerializer.Deserialize<WebhookEvent>(System.Text.Json.JsonSerializer.Serialize(webhookEvent));

        copy.Should().BeEquivalentTo(webhookEvent, options => options.Excluding(e => e.Payload));
        copy!.Payload.ToArray().Should().Equal(webhookEvent.Payload.ToArray());
    }
}
