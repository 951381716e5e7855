using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac.Tests;

public sealed class HmacParseTests
{
    private const string Body = """{"action":"deployed","deployment":{"title":"SOC-12 rocket fuel","env":"prod","count":3}}""";

    [Fact]
    public void Parse_without_event_or_delivery_headers_gives_a_webhook_event_identified_by_the_bodys_sha256()
    {
        var result = Some.Provider(("header", "X-Acme-Signature")).Parse(Some.Request(Body));

        var webhookEvent = result.Should().BeOfType<WebhookParseResult.Accepted>().Subject.Event;
        webhookEvent.Kind.Should().Be("webhook");
        webhookEvent.DeliveryId.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body))));
        webhookEvent.Provider.Should().Be("acme");
        webhookEvent.RepoId.Should().Be("42");
        webhookEvent.Repository.Should().Be("acme/rockets");
        Encoding.UTF8.GetString(webhookEvent.Payload.Span).Should().Be(Body);
        webhookEvent.Texts.Should().BeEmpty();
        webhookEvent.ReceivedAt.Should().Be(new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_gives_a_redelivered_body_the_same_delivery_id_and_another_body_another()
    {
        var provider = Some.Provider(("header", "X-Acme-Signature"));

        var first = Accepted(provider.Parse(Some.Request(Body)));
        var again = Accepted(provider.Parse(Some.Request(Body)));
        var other = Accepted(provider.Parse(Some.Request(Body.Replace("prod", "staging", StringComparison.Ordinal))));

        again.DeliveryId.Should().Be(first.DeliveryId);
        other.DeliveryId.Should().NotBe(first.DeliveryId);
    }

    [Fact]
    public void Parse_reads_the_kind_lower_cased_and_the_delivery_id_from_the_configured_headers()
    {
        var provider = Some.Provider(("header", "X-Acme-Signature"), ("event_header", "X-Acme-Event"), ("delivery_header", "X-Acme-Delivery"));

        var webhookEvent = Accepted(provider.Parse(Some.Request(Body, ("x-acme-event", "Deployment.Finished"), ("X-ACME-DELIVERY", "d-77"))));

        webhookEvent.Kind.Should().Be("deployment.finished");
        webhookEvent.DeliveryId.Should().Be("d-77");
    }

    [Theory]
    [InlineData("X-Acme-Event", "event name")]
    [InlineData("X-Acme-Delivery", "delivery's unique id")]
    public void Parse_rejects_a_request_without_a_configured_header_naming_it(string missing, string what)
    {
        var provider = Some.Provider(("header", "X-Acme-Signature"), ("event_header", "X-Acme-Event"), ("delivery_header", "X-Acme-Delivery"));
        var headers = new[] { ("X-Acme-Event", "deploy"), ("X-Acme-Delivery", "d-1") }.Where(header => header.Item1 != missing).ToArray();

        var result = provider.Parse(Some.Request(Body, headers));

        result.Should().BeOfType<WebhookParseResult.Rejected>().Which.Error.Should().Contain(missing).And.Contain(what).And.Contain("'acme'");
    }

    [Theory]
    [InlineData("X-Acme-Event", "a\tb", "contains the control character U+0009")]
    [InlineData("X-Acme-Delivery", null, "is 300 characters long")]
    public void Parse_rejects_a_header_value_that_cannot_be_stored_naming_the_header(string header, string? value, string problem)
    {
        var provider = Some.Provider(("header", "X-Acme-Signature"), ("event_header", "X-Acme-Event"), ("delivery_header", "X-Acme-Delivery"));
        var headers = new[] { ("X-Acme-Event", "deploy"), ("X-Acme-Delivery", "d-1") }
            .Select(pair => pair.Item1 == header ? (pair.Item1, value ?? new string('d', 300)) : pair).ToArray();

        var result = provider.Parse(Some.Request(Body, headers));

        result.Should().BeOfType<WebhookParseResult.Rejected>().Which.Error.Should().Contain($"The {header} header {problem}");
    }

    [Fact]
    public void Parse_keeps_a_body_with_invalid_utf8_byte_for_byte_instead_of_failing_on_its_strings()
    {
        var body = Encoding.UTF8.GetBytes("{\"title\":\"SOC-1 x\"}");
        body[10] = 0xFF;

        var webhookEvent = Accepted(Some.Provider(("header", "X-Acme-Signature"), ("text_fields", "title")).Parse(Some.Request(body)));

        webhookEvent.Payload.ToArray().Should().Equal(body);
        webhookEvent.Texts.Should().BeEmpty();
    }

    [Fact]
    public void Parse_keeps_a_body_that_is_not_json_as_it_came()
    {
        const string form = "status=deployed&ticket=SOC-12";

        var webhookEvent = Accepted(Some.Provider(("header", "X-Acme-Signature")).Parse(Some.Request(form)));

        Encoding.UTF8.GetString(webhookEvent.Payload.Span).Should().Be(form);
    }

    [Fact]
    public void Parse_tags_the_strings_at_text_fields_as_other_texts_and_skips_absent_or_non_string_ones()
    {
        var provider = Some.Provider(
            ("header", "X-Acme-Signature"),
            ("text_fields:0", "deployment.title"),
            ("text_fields:1", "deployment.count"),
            ("text_fields:2", "deployment.missing"),
            ("text_fields:3", "action"));

        var webhookEvent = Accepted(provider.Parse(Some.Request(Body)));

        webhookEvent.Texts.Should().Equal(new EventText(TextSource.Other, "SOC-12 rocket fuel"), new EventText(TextSource.Other, "deployed"));
    }

    [Theory]
    [InlineData("""{"deployment": {"title": "SOC-1"}, "deployment": {"title": "SOC-2"}}""", "SOC-2")]
    [InlineData("""{"deployment": {"title": "SOC-1"}, "deployment": {"other": "x"}}""", null)]
    [InlineData("""{"deployment": {"title": "SOC-1"}, "deployment": "SOC-3"}""", null)]
    [InlineData("""{"deployment": {"title": "SOC-1", "title": 5}}""", null)]
    [InlineData("""{"deployment": {"title": "SOC-1", "title": "SOC-4"}}""", "SOC-4")]
    [InlineData("""{"list": [{"deployment": {"title": "SOC-5"}}], "deployment": {"notes": {"title": "x"}, "title": "SOC-6"}}""", "SOC-6")]
    [InlineData("""{"deployment": {"title": "SOC-1"}} {"deployment": {"title": "SOC-7"}}""", null)]
    [InlineData("""{"deployment": {"title": "SOC-1"}, "broken": [1, 2""", null)]
    [InlineData("""["SOC-8"]""", null)]
    [InlineData("", null)]
    public void Parse_reads_a_text_field_named_twice_as_its_last_occurrence_and_none_from_a_body_that_is_not_one_json_value(string body, string? expected)
    {
        var provider = Some.Provider(("header", "X-Acme-Signature"), ("text_fields:0", "deployment.title"));

        var webhookEvent = Accepted(provider.Parse(Some.Request(body)));

        webhookEvent.Texts.Select(text => text.Text).Should().Equal(expected is null ? [] : [expected]);
    }

    [Fact]
    public void Parse_finds_the_text_fields_of_a_body_of_megabytes_and_nests_past_the_depth_limit_as_none()
    {
        var provider = Some.Provider(("header", "X-Acme-Signature"), ("text_fields:0", "deployment.title"));
        var files = string.Join(",", Enumerable.Range(0, 200_000).Select(n => $"\"src/file{n}.cs\""));
        var large = "{\"files\": [" + files + "], \"deployment\": {\"title\": \"SOC-9\"}}";
        var deep = """{"deployment": {"title": "SOC-10"}, "x": """ + new string('[', 200) + new string(']', 200) + "}";

        Accepted(provider.Parse(Some.Request(large))).Texts.Select(text => text.Text).Should().Equal("SOC-9");
        Accepted(provider.Parse(Some.Request(deep))).Texts.Should().BeEmpty("a body nested deeper than 128 is not read as JSON");
    }

    private static WebhookEvent Accepted(WebhookParseResult result) =>
        result.Should().BeOfType<WebhookParseResult.Accepted>().Subject.Event;
}
