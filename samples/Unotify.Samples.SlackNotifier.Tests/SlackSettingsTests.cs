using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier.Tests;

public sealed class SlackSettingsTests
{
    [Fact]
    public void A_worker_without_webhook_url_stops_start_up_naming_the_key()
    {
        var create = () => Create(Some.Settings());

        create.Should().Throw<ProcessorSettingsException>().WithMessage("*worker 'notify'*'webhook_url' is required*");
    }

    [Theory]
    [InlineData("hooks.slack.com/services/T0/B0/xyz")]
    [InlineData("ftp://hooks.slack.com/services/T0/B0/xyz")]
    public void A_webhook_url_that_is_not_an_absolute_http_url_is_rejected_without_echoing_it(string url)
    {
        var create = () => Create(Some.Settings(("webhook_url", url)));

        create.Should().Throw<ProcessorSettingsException>()
            .Which.Message.Should().Contain("'webhook_url' is not an absolute http(s) URL").And.NotContain("T0/B0/xyz");
    }

    [Fact]
    public void A_bad_timeout_is_rejected_with_the_expected_form()
    {
        var create = () => Create(Some.Settings(("webhook_url", "https://hooks.slack.com/services/T0/B0/xyz"), ("timeout", "soon")));

        create.Should().Throw<ProcessorSettingsException>().WithMessage("*'timeout' is 'soon'*positive duration*");
    }

    private static SlackNotifierProcessor Create(ProcessorSettings settings)
    {
        using var http = new HttpClient();
        return new SlackNotifierProcessor(NullLogger<SlackNotifierProcessor>.Instance, http, settings, TimeProvider.System);
    }
}
