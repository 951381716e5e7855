using Unotify.Sdk;

namespace Unotify.Plugins.Http.Tests;

public sealed class HttpSettingsTests
{
    private const string Url = "https://ci.example.com/hooks/unotify";

    [Fact]
    public void A_worker_without_url_stops_start_up_naming_the_key() =>
        Creating().Should().Throw<ProcessorSettingsException>().WithMessage("worker 'hooks': setting 'url' is required*");

    [Theory]
    [InlineData("ci.example.com/hooks/SECRET-PATH")]
    [InlineData("ftp://ci.example.com/SECRET-PATH")]
    public void A_url_that_is_not_absolute_http_is_rejected_without_echoing_it(string url) =>
        Creating(("url", url)).Should().Throw<ProcessorSettingsException>()
            .Which.Message.Should().Contain("'url' is not an absolute http(s) URL").And.NotContain("SECRET-PATH");

    [Fact]
    public void An_empty_secret_is_rejected_rather_than_posting_unsigned() =>
        Creating(("url", Url), ("secret", "")).Should().Throw<ProcessorSettingsException>().WithMessage("*'secret' is empty*remove it to send unsigned*");

    [Fact]
    public void A_template_with_an_unknown_placeholder_lists_the_known_ones() =>
        Creating(("url", Url), ("template", """{"text": "{{titel}}"}""")).Should().Throw<ProcessorSettingsException>()
            .WithMessage("worker 'hooks': setting 'template' names {{titel}}, which is not a placeholder; use {{kind}}, *{{title}}*{{tickets}}, {{outcomes}}.");

    [Theory]
    [InlineData("""{"text": {{title}}}""")]
    [InlineData("""{"text": "{{title}}" """)]
    [InlineData("plain text {{title}}")]
    public void A_template_that_is_not_json_with_its_placeholders_filled_in_is_rejected(string template) =>
        Creating(("url", Url), ("template", template)).Should().Throw<ProcessorSettingsException>()
            .WithMessage("worker 'hooks': setting 'template' is not valid JSON with its placeholders filled in*put each placeholder inside a JSON string*");

    [Theory]
    [InlineData("headers:Content-Type")]
    [InlineData("headers:X-Unotify-Signature-256")]
    [InlineData("headers:host")]
    public void A_header_the_processor_sets_itself_cannot_be_replaced(string key) =>
        Creating(("url", Url), (key, "x")).Should().Throw<ProcessorSettingsException>().WithMessage($"*'{key}' sets *which the processor sets itself*");

    [Theory]
    [InlineData("headers:Bad Name")]
    [InlineData("headers:nested:key")]
    public void A_header_name_that_is_not_an_http_token_is_rejected(string key) =>
        Creating(("url", Url), (key, "x")).Should().Throw<ProcessorSettingsException>().WithMessage("*does not name a valid HTTP header*");

    [Fact]
    public void A_header_value_with_a_line_break_is_rejected() =>
        Creating(("url", Url), ("headers:X-Note", "a\r\nX-Injected: 1")).Should().Throw<ProcessorSettingsException>().WithMessage("*line break*");

    [Fact]
    public void A_bad_timeout_is_rejected_with_the_expected_form() =>
        Creating(("url", Url), ("timeout", "forever")).Should().Throw<ProcessorSettingsException>().WithMessage("*'timeout' is 'forever'*positive duration*");

    private static Func<HttpEventProcessor> Creating(params (string Key, string Value)[] settings) => () =>
    {
        using var http = new HttpClient();
        return Some.Processor(http, settings);
    };
}
