using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// The Dockerfile's build carried out here (<see cref="ImageReplay"/>): it publishes the host with its plugins and its
/// configuration where the ENTRYPOINT and the host look, and the systemd unit accepts that same publish output.
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

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_installed_over_a_publish_output()
    {
        // The unit runs `dotnet publish -o /opt/unotify`'s output; verify checks that its ExecStart is there and executable,
        // so the check runs on a copy pointing at the publish output the Dockerfile's build made.
        var published = Path.GetDirectoryName(image.InImage(image.Dockerfile.Runtime.Single("ENTRYPOINT").ExecForm[1]))!;
        var folder = Path.Combine(Path.GetTempPath(), "unotify-systemd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var unit = Path.Combine(folder, "unotify.service");
            await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(SystemdUnitTests.UnitPath)).Replace(SystemdUnitTests.InstallFolder, published, StringComparison.Ordinal));
            var (exitCode, output) = await ExternalCommand.RunAsync("systemd-analyze", "verify", unit);

            exitCode.Should().Be(0, output);
            output.Trim().Should().BeEmpty("systemd-analyze warns about nothing (an unknown or misspelt key is a warning with exit code 0)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
