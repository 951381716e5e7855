using System.Globalization;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

public sealed class LockedDataDirectoryTests
{
    [Fact]
    public async Task The_cli_beside_a_running_embedded_host_is_refused_at_once_naming_the_host_and_works_once_the_host_was_killed()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        var host = await rig.StartHostAsync("all");

        var (exitCode, _, error, took) = await UnotifyCommand.RunAsync(["hooks", "register", "github", "cli-repo"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(30));

        exitCode.Should().Be(2, error);
        error.Should().Contain($"is in use by another Unotify process (process {host.ProcessId.ToString(CultureInfo.InvariantCulture)}, 'unotify all'")
            .And.Contain("use its HTTP admin routes");
        took.Should().BeLessThan(TimeSpan.FromSeconds(15), "refused at once, not after a timeout");

        await host.KillAsync();
        var after = await UnotifyCommand.RunAsync(["hooks", "register", "github", "cli-repo"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(60));
        after.ExitCode.Should().Be(0, after.Error);
        after.Output.Should().Contain("cli-repo");
    }
}
