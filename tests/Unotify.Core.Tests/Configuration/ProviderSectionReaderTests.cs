using Unotify.Core.Configuration;

namespace Unotify.Core.Tests.Configuration;

public sealed class ProviderSectionReaderTests : IDisposable
{
    private readonly WorkersFileFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Reads_named_provider_instances_with_their_type_and_flattened_settings_resolving_environment_values()
    {
        _files.Environment["ACME_HEADER"] = "X-Acme-Signature";

        var result = _files.Read("""
            providers:
              acme:
                type: hmac
                settings:
                  header: ${ACME_HEADER}
                  algorithm: sha512
                  prefix: "sha512="
                  text_fields: [issue.title, issue.body]
              billing: { type: hmac }
            workers:
              w: { on: { acme: webhook } }
            """);

        result.Errors.Should().BeEmpty();
        var providers = result.File!.Providers;
        providers.Select(provider => (provider.Name, provider.Type)).Should().Equal(("acme", "hmac"), ("billing", "hmac"));
        var acme = providers[0];
        acme.Settings.Name.Should().Be("acme");
        acme.Settings.Values.WorkerName.Should().Be("acme");
        acme.Settings.Values.Values.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["header"] = "X-Acme-Signature",
            ["algorithm"] = "sha512",
            ["prefix"] = "sha512=",
            ["text_fields:0"] = "issue.title",
            ["text_fields:1"] = "issue.body",
        });
        (acme.Location.Key, acme.Location.Line).Should().Be(("providers.acme", 3));
        (acme.TypeLocation.Key, acme.TypeLocation.Line).Should().Be(("providers.acme.type", 3));
        (acme.SettingsLocation.Key, acme.SettingsLocation.Line).Should().Be(("providers.acme.settings", 5));
        providers[1].Settings.Values.Values.Should().BeEmpty();
        result.File.Workers.Single().FilterProviders.Select(provider => provider.Provider).Should().Equal("acme");
    }

    [Theory]
    [InlineData("")]
    [InlineData("providers:\n")]
    public void A_file_without_providers_or_with_an_empty_section_has_none(string section)
    {
        var result = _files.Read(section + "workers:\n  w: {}\n");

        result.Errors.Should().BeEmpty();
        result.File!.Providers.Should().BeEmpty();
    }

    [Theory]
    [InlineData("acme: { settings: { header: X-Sig } }", "providers.acme", "has no type", "type: hmac")]
    [InlineData("acme: { type: [hmac] }", "providers.acme.type", "expected a single value", "type: hmac")]
    [InlineData("acme: { type: HMAC! }", "providers.acme.type", "not a valid provider type name", "lower-case name")]
    [InlineData("Acme: { type: hmac }", "providers.Acme", "not a valid provider name", "lower case")]
    [InlineData("acme: { type: hmac, header: X-Sig }", "providers.acme.header", "not a known key", "type, settings")]
    [InlineData("acme: { type: hmac, setings: {} }", "providers.acme.setings", "not a known key", "did you mean 'settings'")]
    [InlineData("acme: { type: hmac, settings: [a, b] }", "providers.acme.settings", "expected a mapping", "keys under settings:")]
    [InlineData("acme: { type: hmac, settings: { header: '${UNSET_HEADER}' } }", "providers.acme.settings.header", "UNSET_HEADER is not set", "set UNSET_HEADER")]
    [InlineData("acme: hmac", "providers.acme", "expected a mapping", "acme: { type: hmac")]
    public void A_bad_provider_entry_is_an_error_naming_its_key_and_the_fix(string entry, string key, string problem, string fix)
    {
        var result = _files.Read($"providers:\n  {entry}\nworkers:\n  w: {{}}\n");

        result.File.Should().BeNull();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.File.Should().Be(_files.Path);
        error.Key.Should().Be(key);
        error.Line.Should().Be(2);
        error.Problem.Should().Contain(problem);
        error.Fix.Should().Contain(fix);
    }

    [Fact]
    public void A_providers_section_that_is_not_a_mapping_shows_the_form()
    {
        var error = _files.Read("providers: [acme]\nworkers:\n  w: {}\n").Errors.Should().ContainSingle().Subject;

        error.Key.Should().Be("providers");
        error.Fix.Should().Contain("providers: { acme: { type: hmac, settings:");
    }

    [Fact]
    public void A_provider_named_twice_is_a_yaml_error_at_the_second()
    {
        var error = _files.Read("providers:\n  acme: { type: hmac }\n  acme: { type: hmac }\nworkers:\n  w: {}\n").Errors.Should().ContainSingle().Subject;

        error.Line.Should().Be(3);
        error.Problem.Should().Contain("not valid YAML");
    }
}
