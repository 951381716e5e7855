using System.Net;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// The deployment path of the README: `dotnet publish` of the host, then the published binary on its own. The built-in
/// plugins are not referenced by the host, so only the publish step puts them beside it; this checks it does.
/// </summary>
public sealed class PublishedHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_host_published_for_a_runtime_carries_its_built_in_plugins_and_moves_a_ticket_with_the_shipped_workers_file()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        var output = Path.Combine(rig.Directory, "published");
        // A runtime-specific publish (as for a container or a self-contained install) once left plugins/ empty.
        var (exitCode, log) = await Dotnet.RunAsync(
            ["publish", Path.Combine(RepositoryLayout.Root, "src", "Unotify.Host"), "-c", RepositoryLayout.Configuration,
            "-r", "linux-x64", "--self-contained", "false", "-o", output]);
        exitCode.Should().Be(0, log);
        File.Exists(Path.Combine(output, "plugins", "Unotify.Plugins.Jira", "Unotify.Plugins.Jira.dll")).Should().BeTrue(log);
        File.Exists(Path.Combine(output, "plugins", "Unotify.Plugins.GitHub", "Unotify.Plugins.GitHub.dll")).Should().BeTrue(log);

        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync(hostAssembly: Path.Combine(output, "unotify.dll"));
        var secret = await rig.RegisterHookAsync(host, "5");
        var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO"), "5", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress", Patience, "SOC-1 moved");
    }
}
