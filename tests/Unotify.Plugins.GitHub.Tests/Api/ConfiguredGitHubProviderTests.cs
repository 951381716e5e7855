using Unotify.Sdk;

namespace Unotify.Plugins.GitHub.Tests;

public sealed class ConfiguredGitHubProviderTests
{
    private static ConfiguredGitHubWebhookProvider Provider(string name, params (string Key, string Value)[] settings) =>
        new(new ProviderSettings(name, new ProcessorSettings(name, settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value)))), new HttpClient(), TimeProvider.System);

    [Fact]
    public void The_configured_provider_reads_deliveries_like_the_built_in_one_under_its_own_name()
    {
        var request = GitHubRequestBuilder.For("pull_request").WithFixture("pull_request.closed.json").Build();

        var parsed = Provider("github-enterprise", ("api_token", "t")).Parse(request);
        var builtIn = new GitHubWebhookProvider().Parse(request);

        var configured = parsed.Should().BeOfType<WebhookParseResult.Accepted>().Subject.Event;
        configured.Provider.Should().Be("github-enterprise");
        configured.Should().BeEquivalentTo(((WebhookParseResult.Accepted)builtIn).Event, options => options.Excluding(e => e.Provider).Excluding(e => e.Payload));
    }

    [Fact]
    public void An_unknown_setting_is_a_start_up_error_listing_the_known_ones()
    {
        var act = () => Provider("github", ("api_tokn", "t"));

        act.Should().Throw<ProcessorSettingsException>().WithMessage("Provider 'github': setting 'api_tokn' is not known; the github provider reads api_token, api_url, timeout.");
    }

    [Theory]
    [InlineData("api.github.com")]
    [InlineData("ftp://github.example.com/api/v3")]
    [InlineData("https://github.example.com/api/v3?x=1")]
    public void An_api_url_that_is_not_an_http_address_is_a_start_up_error_with_the_fix(string url)
    {
        var act = () => Provider("github", ("api_url", url));

        act.Should().Throw<ProcessorSettingsException>().WithMessage($"*api_url '{url}' is not an http(s) address; write https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.");
    }

    [Fact]
    public void A_bad_timeout_is_a_start_up_error()
    {
        var act = () => Provider("github", ("timeout", "soon"));

        act.Should().Throw<ProcessorSettingsException>().WithMessage("*timeout*");
    }
}
