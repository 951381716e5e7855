using Unotify.Sdk;

namespace Unotify.Plugins.GitLab.Tests;

/// <summary>What the host relies on when it loads the plugin DLL and scans it.</summary>
public sealed class GitLabPluginShapeTests
{
    [Fact]
    public void References_only_the_sdk_and_the_runtime() =>
        typeof(GitLabWebhookProvider).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard")
            .Should().Equal("Unotify.Sdk");

    [Fact]
    public void Has_one_public_provider_named_gitlab_with_a_parameterless_constructor()
    {
        var providers = typeof(GitLabWebhookProvider).Assembly.GetExportedTypes().Where(t => typeof(IWebhookProvider).IsAssignableFrom(t));

        providers.Should().Equal(typeof(GitLabWebhookProvider));
        new GitLabWebhookProvider().Name.Should().Be("gitlab");
    }
}
