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
    public void Has_one_public_provider_named_github_with_a_parameterless_constructor()
    {
        var providers = typeof(GitHubWebhookProvider).Assembly.GetExportedTypes().Where(t => typeof(IWebhookProvider).IsAssignableFrom(t));

        providers.Should().Equal(typeof(GitHubWebhookProvider));
        new GitHubWebhookProvider().Name.Should().Be("github");
    }
}
