using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>deploy/compose: valid YAML with what Compose needs, Redis durable, and settings the host reads.</summary>
public sealed partial class ComposeFileTests
{
    public static TheoryData<string> Files => new() { "compose.yaml", "compose.fleet.yaml" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_Unotify_service_builds_the_image_runs_a_role_against_the_durable_Redis_and_sets_only_settings_the_host_reads(string file)
    {
        var services = Services(file);
        var redis = services["redis"]!;
        string.Join(' ', redis["command"]!.AsArray().Select(word => (string)word!)).Should().Contain("--appendonly yes").And.Contain("--appendfsync everysec");

        var unotify = UnotifyServices(services).ToList();
        unotify.Should().NotBeEmpty();
        var dockerfile = DockerfileModel.Read();
        foreach (var (name, service) in unotify)
        {
            var context = Path.GetFullPath(Path.Combine(RecipeFiles.Folder("compose"), (string)service["build"]!["context"]!));
            File.Exists(Path.Combine(context, "Dockerfile")).Should().BeTrue($"{name}'s build context {context} holds the Dockerfile");
            ((string)service["command"]![0]!).Should().BeOneOf("all", "serve", "work");

            var environment = service["environment"]!.AsObject();
            ((string)environment["UNOTIFY_REDIS"]!).Should().Be("redis:6379", $"{name} uses the redis service");
            foreach (var required in new[] { "UNOTIFY_ADMIN_TOKEN", "UNOTIFY_SECRET_KEY" })
            {
                ((string)environment[required]!).Should().MatchRegex($@"^\$\{{{required}:\?.+\}}$", $"{name} refuses to start without {required}");
            }

            environment.Select(pair => pair.Key).Should().OnlyContain(variable => RecipeFiles.IsReadByUnotify(variable), $"{name} sets only variables Unotify reads");
            Duration((string)service["stop_grace_period"]!).Should().BeGreaterThanOrEqualTo(RecipeFiles.StopBudget, $"{name} has time to let running jobs finish and release the rest");
            ((string)service["read_only"]!).Should().Be("true");
            service["tmpfs"]!.AsArray().Select(path => (string)path!).Should().Contain("/tmp");
            service["depends_on"]!["redis"]!["condition"]!.GetValue<string>().Should().Be("service_healthy");
            foreach (var port in service["ports"]?.AsArray() ?? [])
            {
                ((string)port!).Should().EndWith($":{dockerfile.ExposedPort}", $"{name} publishes the port the image listens on");
            }
        }
    }

    [Fact]
    public void The_all_in_one_file_runs_one_all_in_one_process()
    {
        UnotifyServices(Services("compose.yaml")).Select(service => (string)service.Service["command"]![0]!).Should().Equal("all");
    }

    [Fact]
    public void The_fleet_runs_two_serve_and_two_work_replicas_on_one_Redis_and_each_serve_replica_on_a_port_of_its_own()
    {
        var unotify = UnotifyServices(Services("compose.fleet.yaml")).ToList();
        int Replicas(string role) => unotify.Where(service => (string)service.Service["command"]![0]! == role)
            .Sum(service => int.Parse((string?)service.Service["deploy"]?["replicas"] ?? "1", System.Globalization.CultureInfo.InvariantCulture));
        Replicas("serve").Should().Be(2);
        Replicas("work").Should().Be(2);
        Replicas("all").Should().Be(0);
        var ports = unotify.SelectMany(service => service.Service["ports"]?.AsArray() ?? []).Select(port => ((string)port!).Split(':')[0]).ToList();
        ports.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        unotify.Where(service => (string)service.Service["command"]![0]! == "work").Should().OnlyContain(service => service.Service["ports"] == null);
    }

    [Fact]
    public void The_env_file_example_names_only_variables_the_compose_files_pass_on()
    {
        var passed = new[] { "compose.yaml", "compose.fleet.yaml" }.SelectMany(file => UnotifyServices(Services(file)))
            .SelectMany(service => service.Service["environment"]!.AsObject().Select(pair => (string)pair.Value!))
            .SelectMany(value => Interpolated().Matches(value).Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var example = File.ReadAllLines(RecipeFiles.Folder("compose", "unotify.env.example"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2)[0])
            .ToList();
        example.Should().NotBeEmpty().And.OnlyContain(variable => passed.Contains(variable));
        passed.Should().BeSubsetOf(example, "every variable the compose files read is in the example");
    }

    private static JsonObject Services(string file) =>
        RecipeFiles.Documents(RecipeFiles.Folder("compose", file)).Should().ContainSingle().Subject["services"]!.AsObject();

    private static IEnumerable<(string Name, JsonObject Service)> UnotifyServices(JsonObject services) =>
        services.Where(pair => pair.Value!["build"] is not null).Select(pair => (pair.Key, pair.Value!.AsObject()));

    private static TimeSpan Duration(string text) =>
        text.EndsWith('s') ? TimeSpan.FromSeconds(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)) : throw new FormatException(text);

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)")]
    private static partial Regex Interpolated();
}
