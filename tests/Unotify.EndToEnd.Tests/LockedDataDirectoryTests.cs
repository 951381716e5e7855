using System.Net;
using System.Text.RegularExpressions;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

public sealed partial class LockedDataDirectoryTests
{
    [Fact]
    public async Task The_cli_beside_a_running_embedded_host_works_through_that_hosts_server_and_opens_the_directory_itself_once_the_host_is_gone()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        var host = await rig.StartHostAsync("all");

        // The host's server is where the CLI's writes go: the hook registered from the terminal takes deliveries at once.
        var registered = await UnotifyCommand.RunAsync(["hooks", "register", "github", "cli-repo"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(30));
        registered.ExitCode.Should().Be(0, registered.Error);
        var secret = Secret().Match(registered.Output).Groups[1].Value;
        var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("no ticket"), "cli-repo", secret);
        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        var listed = await UnotifyCommand.RunAsync(["deliveries", "--repo", "cli-repo"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(30));
        listed.ExitCode.Should().Be(0, listed.Error);
        listed.Output.Should().Contain("cli-repo");

        // Its address and password are the owner's alone.
        var endpoint = Path.Combine(rig.Directory, "data", "unotify.endpoint");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(endpoint).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Killed: the record stays, but the lock went with the process, so the CLI opens the directory itself and finds
        // the hook it registered through the running server (its write was committed before the secret was shown).
        await host.KillAsync();
        var after = await UnotifyCommand.RunAsync(["hooks", "list"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(60));
        after.ExitCode.Should().Be(0, after.Error);
        after.Output.Should().Contain("cli-repo");
    }

    [Fact]
    public async Task A_second_host_on_a_data_directory_in_use_is_refused_naming_the_first()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        var first = await rig.StartHostAsync("all");

        var second = await UnotifyCommand.RunAsync(["all", "--urls", "http://127.0.0.1:0"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(60));

        second.ExitCode.Should().Be(2, second.Error);
        second.Error.Should().Contain($"is in use by another Unotify process (process {first.ProcessId}, 'unotify all'");
    }

    [GeneratedRegex(@"secret:\s+(\S+)")]
    private static partial Regex Secret();
}
