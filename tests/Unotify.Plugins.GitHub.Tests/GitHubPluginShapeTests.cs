using Unotify.Sdk;

namespace Unotify.Plugins.GitHub.Tests;

/// <summary>What the host relies on when it loads the plugin DLL and scans it.</summary>
public sealed class GitHubPluginShapeTests
{
    [Fact]
    public void References_only_the_sdk_and_the_runtime() =>
        typeof(GitHubWebhookProvider).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard")
            .Should().Equal("Unotify.Sdk");

    [Fact]
    public void Has_a_plain_provider_named_github_and_a_configurable_type_github_that_finds_texts()
    {
        var providers = typeof(GitHubWebhookProvider).Assembly.GetExportedTypes().Where(t => typeof(IWebhookProvider).IsAssignableFrom(t));

        providers.Should().BeEquivalentTo([typeof(GitHubWebhookProvider), typeof(ConfiguredGitHubWebhookProvider)]);
        new GitHubWebhookProvider().Name.Should().Be("github");
        typeof(GitHubWebhookProvider).GetCustomAttributes(typeof(ConfigurableProviderAttribute), inherit: false).Should().BeEmpty("the host builds the plain one by itself");
        typeof(ConfiguredGitHubWebhookProvider).GetCustomAttributes(typeof(ConfigurableProviderAttribute), inherit: false)
            .Should().ContainSingle().Which.Should().BeOfType<ConfigurableProviderAttribute>().Which.Type.Should().Be("github");
        typeof(IEventTextFinder).IsAssignableFrom(typeof(ConfiguredGitHubWebhookProvider)).Should().BeTrue();
    }
}
