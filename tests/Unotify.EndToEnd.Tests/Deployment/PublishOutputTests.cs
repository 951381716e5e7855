using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// The Dockerfile's build carried out here (<see cref="ImageReplay"/>): it publishes the host with its plugins and its
/// configuration where the ENTRYPOINT and the host look.
/// </summary>
[Collection(ReplayedImageCollection.Name)]
public sealed class PublishOutputTests(ImageReplay image)
{
    [Fact]
    public void The_build_stage_carried_out_here_publishes_the_entrypoint_with_the_built_in_plugins_and_the_config_where_the_host_looks()
    {
        var runtime = image.Dockerfile.Runtime;
        var entrypoint = runtime.Single("ENTRYPOINT").ExecForm;
        entrypoint.Should().HaveCount(2).And.StartWith("dotnet");
        File.Exists(image.InImage(entrypoint[1])).Should().BeTrue($"the ENTRYPOINT's {entrypoint[1]} is in the publish output:\n{image.Log}");
        runtime.Single("CMD").ExecForm.Should().Equal("all");

        // The host loads its built-in plugins from plugins/ beside unotify.dll (WorkersFileReaderOptions.DefaultPluginsDirectory).
        var plugins = Path.Combine(Path.GetDirectoryName(image.InImage(entrypoint[1]))!, "plugins");
        foreach (var plugin in new[] { "GitHub", "GitLab", "Hmac", "Http", "Jira" })
        {
            File.Exists(Path.Combine(plugins, $"Unotify.Plugins.{plugin}", $"Unotify.Plugins.{plugin}.dll")).Should().BeTrue($"the {plugin} plugin is published to plugins/");
        }

        var environment = runtime.Environment;
        var workers = image.InImage(environment["UNOTIFY_WORKERS"]);
        File.ReadAllText(workers).Should().Be(File.ReadAllText(Support.RepositoryLayout.WorkersFile));
        File.Exists(Path.Combine(Path.GetDirectoryName(workers)!, "statemachines", "jira.hcl")).Should().BeTrue("workers.yaml's statefile is found beside it");
    }
}
