namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>deploy/systemd/unotify.service: it runs the publish output with the host's settings (PublishOutputTests has systemd-analyze verify it).</summary>
public sealed class SystemdUnitTests
{
    /// <summary>Where the unit expects `dotnet publish -o` to have put the host.</summary>
    public const string InstallFolder = "/opt/unotify";

    public static readonly string UnitPath = RecipeFiles.Folder("systemd", "unotify.service");

    [Fact]
    public void The_unit_keeps_all_state_in_its_state_directory_gives_the_host_time_to_stop_and_sets_only_settings_the_host_reads()
    {
        var service = Settings("Service");
        var execStart = service["ExecStart"].Single().Split(' ');
        execStart[0].Should().Be(InstallFolder + "/unotify", "the publish output's own launcher runs the host");
        execStart.Skip(1).Should().Equal("all");

        var environment = service["Environment"].Select(assignment => assignment.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        environment.Keys.Should().OnlyContain(variable => RecipeFiles.IsReadByUnotify(variable));
        environment["UNOTIFY_DATA"].Should().Be("/var/lib/" + service["StateDirectory"].Single(), "the embedded store lives in the state directory systemd makes for the user");
        service["WorkingDirectory"].Single().Should().Be(environment["UNOTIFY_DATA"]);
        service["EnvironmentFile"].Should().ContainSingle();
        service["User"].Single().Should().NotBe("root");
        service["ProtectSystem"].Single().Should().Be("strict");
        service["Restart"].Single().Should().Be("on-failure");
        TimeSpan.FromSeconds(int.Parse(service["TimeoutStopSec"].Single(), System.Globalization.CultureInfo.InvariantCulture))
            .Should().BeGreaterThanOrEqualTo(RecipeFiles.StopBudget);
    }

    /// <summary>A section's settings, each key with every value it is given (Environment= comes several times).</summary>
    private static Dictionary<string, List<string>> Settings(string section)
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var current = "";
        foreach (var line in File.ReadAllLines(UnitPath).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            if (line.StartsWith('['))
            {
                current = line.Trim('[', ']');
            }
            else if (current == section)
            {
                var (key, value) = (line.Split('=', 2)[0], line.Split('=', 2)[1]);
                (settings.TryGetValue(key, out var values) ? values : settings[key] = []).Add(value);
            }
        }

        return settings;
    }
}
