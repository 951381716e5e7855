using Autofac;
using Unotify.Core.Configuration;
using Unotify.Host.Plugins;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Plugins;

/// <summary>Named instances of configurable providers (workers.yaml's providers:) created from the plugins on disk.</summary>
public sealed class ConfiguredProviderRuntimeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly IContainer _container = PluginContainer.Build(Serilog.Core.Logger.None, TimeProvider.System);

    public void Dispose()
    {
        _container.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Each_providers_entry_becomes_a_provider_of_its_own_name_beside_the_plain_ones_and_the_type_alone_is_none()
    {
        var workers = Read("""
            acme: { type: hmac, settings: { header: X-Acme-Signature } }
            billing: { type: hmac, settings: { header: X-Billing-Signature, algorithm: sha1 } }
            """, on: "{ acme: webhook, billing: webhook, github: push }");

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []);

        runtime.Providers.Keys.Order(StringComparer.Ordinal).Should().Equal("acme", "billing", "github");
        runtime.Providers["acme"].Name.Should().Be("acme");
        runtime.Providers["acme"].Should().NotBeSameAs(runtime.Providers["billing"]);
        runtime.Providers["acme"].GetType().Assembly.Location.Should().Be(TestPlugins.Hmac);
    }

    [Fact]
    public async Task An_unknown_type_names_the_type_key_and_the_types_on_offer()
    {
        var workers = Read("acme: { type: hmca, settings: { header: X-Sig } }");

        var error = (await Failing(workers)).Should().ContainSingle().Subject;

        error.Key.Should().Be("providers.acme.type");
        error.Line.Should().Be(3);
        error.Problem.Should().Contain("'hmca'").And.Contain("configurable types: github, hmac");
        error.Fix.Should().Contain("correct type:");
    }

    [Fact]
    public async Task A_name_taken_by_a_plain_provider_is_an_error_asking_for_another_name()
    {
        var workers = Read("github: { type: hmac, settings: { header: X-Sig } }");

        var error = (await Failing(workers)).Should().ContainSingle().Subject;

        error.Key.Should().Be("providers.github");
        error.Problem.Should().Contain("'github' is already taken");
        error.Fix.Should().Contain("rename the entry under providers:");
    }

    [Fact]
    public async Task An_entry_named_github_of_type_github_configures_the_built_in_provider_in_its_place_and_offers_its_text_finder()
    {
        var workers = Read("github: { type: github, settings: { api_token: github_pat_x, api_url: 'https://github.example.com/api/v3' } }");

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []);

        runtime.Providers.Keys.Should().Equal("github");
        runtime.Providers["github"].GetType().Name.Should().Be("ConfiguredGitHubWebhookProvider");
        runtime.TextFinders.Keys.Should().Equal("github");
        runtime.TextFinders["github"].Should().BeSameAs(runtime.Providers["github"]);
    }

    [Fact]
    public async Task Without_a_providers_entry_the_built_in_github_provider_offers_no_text_finder()
    {
        var workers = Read("acme: { type: hmac, settings: { header: X-Sig } }");

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []);

        runtime.Providers["github"].GetType().Name.Should().Be("GitHubWebhookProvider");
        runtime.TextFinders.Should().BeEmpty();
    }

    [Fact]
    public async Task A_bad_github_setting_stops_start_up_naming_the_provider_and_the_setting()
    {
        var workers = Read("github: { type: github, settings: { api_url: 'api.github.com' } }");

        var error = (await Failing(workers)).Should().ContainSingle().Subject;

        error.Key.Should().Be("providers.github.settings");
        error.Problem.Should().Contain("api_url 'api.github.com' is not an http(s) address");
    }

    [Theory]
    [InlineData("{ type: hmac }", "providers.acme", "setting 'header' is required")]
    [InlineData("{ type: hmac, settings: { header: X-Sig, encoding: base32 } }", "providers.acme.settings", "setting 'encoding' is 'base32'")]
    public async Task Missing_or_bad_settings_stop_start_up_naming_the_provider_and_the_setting(string entry, string key, string problem)
    {
        var workers = Read("acme: " + entry);

        var error = (await Failing(workers)).Should().ContainSingle().Subject;

        error.Key.Should().Be(key);
        error.Problem.Should().Contain("provider 'acme'").And.Contain(problem);
        error.Fix.Should().Contain("fix the provider's settings:");
    }

    private WorkersFile Read(string providers, string on = "{ github: push }")
    {
        var yaml = $"plugins: [\"{TestPlugins.GitHub}\", \"{TestPlugins.Hmac}\"]\nproviders:\n  "
            + providers.Replace("\n", "\n  ", StringComparison.Ordinal)
            + $"\nworkers:\n  w:\n    on: {on}\n";
        return WorkersFileReader.ReadText(Path.Combine(_directory.Path, "workers.yaml"), yaml, new WorkersFileReaderOptions { DefaultPluginsDirectory = Path.Combine(_directory.Path, "none") }).GetOrThrow();
    }

    private async Task<IReadOnlyList<ConfigurationError>> Failing(WorkersFile workers)
    {
        var assertion = await FluentActions.Awaiting(() => PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []))
            .Should().ThrowAsync<ConfigurationException>();
        return assertion.Which.Errors;
    }
}
