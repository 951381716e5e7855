using System.Reflection;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac.Tests;

public sealed class HmacSettingsTests
{
    [Fact]
    public void The_provider_is_named_after_its_providers_entry()
    {
        new HmacWebhookProvider(Some.Settings("billing", ("header", "X-Billing-Signature"))).Name.Should().Be("billing");
    }

    [Fact]
    public void Defaults_are_sha256_hex_without_prefix_or_headers()
    {
        var options = HmacProviderOptions.Read(Some.Settings("acme", ("header", "X-Sig")));

        options.Should().BeEquivalentTo(new HmacProviderOptions { Header = "X-Sig" });
        options.Algorithm.Should().Be(HmacAlgorithm.Sha256);
        options.Encoding.Should().Be(SignatureEncoding.Hex);
        options.Prefix.Should().BeEmpty();
    }

    [Theory]
    [InlineData("", "", "setting 'header' is required")]
    [InlineData("algorithm", "md5", "setting 'algorithm' is 'md5', which is not sha1 or sha256 or sha512")]
    [InlineData("encoding", "base32", "setting 'encoding' is 'base32', which is not hex or base64")]
    [InlineData("algorith", "sha1", "setting 'algorith' is not known")]
    [InlineData("text_fields:0", "issue..title", "text_fields has 'issue..title', which is not a dotted JSON path")]
    public void A_bad_setting_is_reported_with_the_provider_the_key_and_where_to_fix_it(string key, string value, string problem)
    {
        var values = key.Length == 0 ? [] : new[] { ("header", "X-Sig"), (key, value) };

        var construct = () => new HmacWebhookProvider(Some.Settings("acme", values));

        construct.Should().Throw<ProcessorSettingsException>()
            .Which.Message.Should().StartWith("provider 'acme': ").And.Contain(problem).And.EndWith("fix it under providers: acme: settings: in workers.yaml.");
    }

    [Fact]
    public void References_only_the_sdk_and_the_runtime() =>
        typeof(HmacWebhookProvider).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard")
            .Should().Equal("Unotify.Sdk");

    [Fact]
    public void Is_the_one_public_provider_declared_as_the_configurable_type_hmac_built_from_provider_settings()
    {
        var providers = typeof(HmacWebhookProvider).Assembly.GetExportedTypes().Where(t => typeof(IWebhookProvider).IsAssignableFrom(t));

        providers.Should().Equal(typeof(HmacWebhookProvider));
        typeof(HmacWebhookProvider).GetCustomAttribute<ConfigurableProviderAttribute>()!.Type.Should().Be("hmac");
        typeof(HmacWebhookProvider).GetConstructors().Should().ContainSingle()
            .Which.GetParameters().Select(parameter => parameter.ParameterType).Should().Equal(typeof(ProviderSettings));
    }
}
