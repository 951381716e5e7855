using Unotify.Sdk;

namespace Unotify.Sdk.Tests;

public sealed class WebhookHeadersTests
{
    [Fact]
    public void Finds_a_header_whatever_the_case_of_its_name()
    {
        var headers = new WebhookHeaders([KeyValuePair.Create("X-GitHub-Event", "push")]);

        headers["x-github-event"].Should().Be("push");
        headers.GetValueOrNull("X-GITHUB-EVENT").Should().Be("push");
    }

    [Fact]
    public void Joins_a_header_sent_twice_as_http_allows()
    {
        var headers = new WebhookHeaders([KeyValuePair.Create("Accept", "a"), KeyValuePair.Create("accept", "b")]);

        headers["Accept"].Should().Be("a, b");
        headers.Count.Should().Be(1);
    }

    [Fact]
    public void Treats_a_blank_header_as_absent()
    {
        var headers = new WebhookHeaders([KeyValuePair.Create("X-Hub-Signature-256", "  ")]);

        headers.GetValueOrNull("X-Hub-Signature-256").Should().BeNull();
        headers.GetValueOrNull("X-Missing").Should().BeNull();
        headers.TryGetValue("X-Missing", out var value).Should().BeFalse();
        value.Should().BeEmpty();
    }
}
