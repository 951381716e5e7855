using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Sdk.Tests;

public sealed class WebhookEventTests
{
    private static readonly WebhookEvent MergedPullRequest = new()
    {
        DeliveryId = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        Provider = "github",
        RepoId = "186853002",
        Repository = "Codertocat/Hello-World",
        Kind = EventKinds.PullRequestMerged,
        ReceivedAt = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
        Texts = [new EventText(TextSource.Title, "SOC-1 login"), new EventText(TextSource.Branch, "feature/devhop-2")],
        Url = "https://github.com/Codertocat/Hello-World/pull/2",
        Actor = "Codertocat",
        Payload = """{"action":"closed","number":2}"""u8.ToArray(),
    };

    [Fact]
    public void Survives_a_json_round_trip_of_its_metadata()
    {
        var json = JsonSerializer.Serialize(MergedPullRequest with { Payload = default });

        var back = JsonSerializer.Deserialize<WebhookEvent>(json)!;

        back.Should().BeEquivalentTo(MergedPullRequest with { Payload = default }, options => options.Excluding(e => e.Payload));
    }

    [Fact]
    public void Parse_payload_reads_the_payload_bytes_as_json()
    {
        using var document = MergedPullRequest.ParsePayload();

        document.RootElement.GetProperty("number").GetInt32().Should().Be(2);
    }

    [Fact]
    public void Parse_payload_refuses_a_payload_that_is_not_json()
    {
        var form = MergedPullRequest with { Payload = "payload=%7B%7D"u8.ToArray() };

        FluentActions.Invoking(() => form.ParsePayload()).Should().Throw<JsonException>();
    }

    [Fact]
    public void First_text_finds_the_text_of_a_source_or_nothing()
    {
        MergedPullRequest.FirstText(TextSource.Branch).Should().Be("feature/devhop-2");
        MergedPullRequest.FirstText(TextSource.ReleaseNotes).Should().BeNull();
    }
}
