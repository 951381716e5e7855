using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Sdk;
using Unotify.Testing.Logging;

namespace Unotify.Plugins.Jira.Tests;

public sealed class JiraSettingsReaderTests
{
    private static readonly Dictionary<string, string> _noEnvironment = [];

    private static JiraSettings Read(Dictionary<string, string>? environment = null, params (string Key, string Value)[] settings) =>
        JiraSettingsReader.Read(
            new ProcessorSettings("atlassian", settings.Select(s => KeyValuePair.Create(s.Key, s.Value))),
            name => (environment ?? _noEnvironment).GetValueOrDefault(name));

    private static string ErrorOf(Dictionary<string, string>? environment = null, params (string Key, string Value)[] settings)
    {
        var read = () => Read(environment, settings);
        return read.Should().Throw<ProcessorSettingsException>().Which.Message;
    }

    private static string BasicOf(string email, string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(email + ":" + token));

    [Fact]
    public void Reads_Jira_Cloud_settings_with_their_defaults()
    {
        var settings = Read(null, ("base_url", "https://acme.atlassian.net"), ("email", "bot@acme.io"), ("api_token", "t0k"));

        settings.ApiRoot.Should().Be("https://acme.atlassian.net/rest/api/3");
        settings.Credentials.ToHeader().Should().Be(new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", BasicOf("bot@acme.io", "t0k")));
        settings.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        settings.MaxParallel.Should().Be(4);
        settings.TransitionCacheTtl.Should().Be(TimeSpan.FromHours(24));
        settings.DryRun.Should().BeFalse();
    }

    [Fact]
    public void Reads_Jira_Data_Center_settings_with_a_personal_access_token()
    {
        var settings = Read(null, ("base_url", "https://jira.acme.io/jira/"), ("personal_access_token", "pat"), ("api_version", "2"));

        settings.ApiRoot.Should().Be("https://jira.acme.io/jira/rest/api/2");
        settings.Credentials.ToHeader().Should().Be(new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pat"));
    }

    [Fact]
    public void Reads_every_tuning_setting()
    {
        var settings = Read(null, ("base_url", "http://127.0.0.1:8080"), ("personal_access_token", "pat"),
            ("timeout", "750ms"), ("dry_run", "true"), ("max_parallel", "16"), ("transition_cache_ttl", "1h"));

        settings.BaseUrl.Should().Be("http://127.0.0.1:8080");
        settings.Timeout.Should().Be(TimeSpan.FromMilliseconds(750));
        settings.DryRun.Should().BeTrue();
        settings.MaxParallel.Should().Be(16);
        settings.TransitionCacheTtl.Should().Be(TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("acme.atlassian.net", "https://acme.atlassian.net")]
    [InlineData("  https://acme.atlassian.net/  ", "https://acme.atlassian.net")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    public void Normalises_the_base_url(string baseUrl, string expected) =>
        Read(null, ("base_url", baseUrl), ("personal_access_token", "pat")).BaseUrl.Should().Be(expected);

    [Fact]
    public void Falls_back_to_the_seeds_environment_variables_when_the_worker_has_no_Jira_settings()
    {
        var environment = new Dictionary<string, string>
        {
            ["ATLASSIAN_DOMAIN_URL"] = "acme.atlassian.net",
            ["ATLASSIAN_EMAIL"] = "bot@acme.io",
            ["ATLASSIAN_API_KEY"] = "env-token",
        };

        var settings = Read(environment, ("dry_run", "true"));

        settings.BaseUrl.Should().Be("https://acme.atlassian.net");
        settings.Credentials.ToHeader().Parameter.Should().Be(BasicOf("bot@acme.io", "env-token"));
        settings.DryRun.Should().BeTrue();
    }

    [Fact]
    public void Ignores_the_environment_when_the_worker_has_Jira_settings()
    {
        var environment = new Dictionary<string, string> { ["ATLASSIAN_EMAIL"] = "env@acme.io", ["ATLASSIAN_API_KEY"] = "env-token" };

        ErrorOf(environment, ("base_url", "https://acme.atlassian.net")).Should().Contain("no Jira credentials");
    }

    [Fact]
    public void Names_the_environment_variable_that_is_missing_in_the_fallback()
    {
        var environment = new Dictionary<string, string> { ["ATLASSIAN_DOMAIN_URL"] = "acme.atlassian.net", ["ATLASSIAN_EMAIL"] = "bot@acme.io" };

        ErrorOf(environment).Should().Contain("ATLASSIAN_API_KEY");
    }

    [Fact]
    public void Refuses_a_worker_with_no_Jira_site() =>
        ErrorOf(null).Should().Contain("worker 'atlassian'").And.Contain("base_url").And.Contain("ATLASSIAN_DOMAIN_URL");

    [Fact]
    public void Refuses_a_worker_with_no_credentials() =>
        ErrorOf(null, ("base_url", "https://acme.atlassian.net"))
            .Should().Contain("email").And.Contain("api_token").And.Contain("personal_access_token");

    [Fact]
    public void Refuses_an_email_without_an_api_token() =>
        ErrorOf(null, ("base_url", "https://acme.atlassian.net"), ("email", "bot@acme.io")).Should().Contain("setting 'api_token' is missing");

    [Fact]
    public void Refuses_an_api_token_without_an_email() =>
        ErrorOf(null, ("base_url", "https://acme.atlassian.net"), ("api_token", "t")).Should().Contain("setting 'email' is missing");

    [Fact]
    public void Refuses_both_kinds_of_credentials_at_once() =>
        ErrorOf(null, ("base_url", "https://acme.atlassian.net"), ("email", "bot@acme.io"), ("api_token", "t"), ("personal_access_token", "p"))
            .Should().Contain("both personal_access_token and email/api_token");

    [Theory]
    [InlineData("ftp://acme.atlassian.net")]
    [InlineData("https://acme.atlassian.net/?x=1")]
    [InlineData("https://user:pw@acme.atlassian.net")]
    [InlineData("https://")]
    [InlineData("not a url")]
    public void Refuses_a_base_url_that_is_not_an_http_address(string baseUrl) =>
        ErrorOf(null, ("base_url", baseUrl), ("personal_access_token", "p")).Should().Contain("setting 'base_url'").And.Contain(baseUrl.Trim());

    [Theory]
    [InlineData("api_version", "4")]
    [InlineData("api_version", "three")]
    [InlineData("timeout", "soon")]
    [InlineData("timeout", "0s")]
    [InlineData("max_parallel", "0")]
    [InlineData("max_parallel", "65")]
    [InlineData("dry_run", "maybe")]
    [InlineData("transition_cache_ttl", "-1h")]
    public void Refuses_a_bad_value_naming_the_setting(string key, string value) =>
        ErrorOf(null, ("base_url", "https://acme.atlassian.net"), ("personal_access_token", "p"), (key, value))
            .Should().Contain($"'{key}'").And.Contain(value);

    [Fact]
    public void Never_shows_the_secret_when_credentials_are_printed()
    {
        var settings = Read(null, ("base_url", "https://acme.atlassian.net"), ("email", "bot@acme.io"), ("api_token", "very-secret"));

        settings.ToString().Should().NotContain("very-secret").And.NotContain(BasicOf("bot@acme.io", "very-secret"));
    }

    [Fact]
    public void Stops_the_processors_construction_on_a_bad_setting()
    {
        using var http = new HttpClient();
        var create = () => new JiraEventProcessor(
            NullLogger<JiraEventProcessor>.Instance, http, new ProcessorSettings("atlassian", [KeyValuePair.Create("base_url", "https://acme.atlassian.net")]), new LinearStateMachines(["SOC"]), TimeProvider.System, IRequestLimiter.Unlimited, _ => null);

        create.Should().Throw<ProcessorSettingsException>().WithMessage("*no Jira credentials*");
    }
}
