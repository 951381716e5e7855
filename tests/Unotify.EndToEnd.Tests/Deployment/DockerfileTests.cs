using Unotify.Host.Hosting;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// The Dockerfile read as Docker reads it: what it copies exists and reaches the build context, its port and health
/// check are the host's, and it runs as a user of its own (PublishOutputTests carries its build out).
/// </summary>
public sealed class DockerfileTests
{
    [Fact]
    public void The_build_copies_files_that_exist_and_that_dockerignore_leaves_in_the_context()
    {
        var dockerfile = DockerfileModel.Read();
        dockerfile.Stages.Select(stage => stage.Image).Should().Equal("mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0");
        var fromContext = dockerfile.Stages.SelectMany(stage => stage.All("COPY")).Where(copy => !copy.Flags.ContainsKey("from")).ToList();
        fromContext.Should().NotBeEmpty();
        foreach (var copy in fromContext)
        {
            foreach (var source in copy.Words.Take(copy.Words.Count - 1))
            {
                var path = Path.Combine(Support.RepositoryLayout.Root, source);
                (File.Exists(path) || Directory.Exists(path)).Should().BeTrue($"COPY {copy.Text}: {source} exists");
                dockerfile.IsIgnored(source).Should().BeFalse($"COPY {copy.Text}: .dockerignore leaves {source} in the build context");
            }
        }

        // Build output on the machine that builds the image must not reach the context (it is another platform's).
        dockerfile.IsIgnored("src/Unotify.Host/bin/Release/net10.0/unotify.dll").Should().BeTrue();
        dockerfile.IsIgnored("plugins/Unotify.Plugins.Jira/obj/project.assets.json").Should().BeTrue();
    }

    [Fact]
    public void The_image_listens_on_the_hosts_default_port_which_it_exposes_and_checks_its_health_on()
    {
        var dockerfile = DockerfileModel.Read();
        var runtime = dockerfile.Runtime;
        var defaultPort = new Uri(HostSettings.DefaultUrls).Port;
        dockerfile.ExposedPort.Should().Be(defaultPort);
        new Uri(runtime.Environment["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port.Should().Be(defaultPort);
        runtime.Environment["ASPNETCORE_HTTP_PORTS"].Should().BeEmpty("the base image's 8080 would otherwise be named in a warning beside the real port");

        var check = runtime.Single("HEALTHCHECK");
        check.Text.Should().StartWith("CMD");
        string.Join(' ', check.ExecForm).Should().Contain($"/dev/tcp/127.0.0.1/{defaultPort}").And.Contain("GET /healthz ");
        check.Flags.Should().ContainKeys("interval", "timeout", "start-period");
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_that_owns_only_the_data_volume()
    {
        var dockerfile = DockerfileModel.Read();
        var runtime = dockerfile.Runtime;
        dockerfile.User.Should().BeGreaterThan(0);
        var volume = runtime.Single("VOLUME").Text;
        runtime.Environment["UNOTIFY_DATA"].Should().Be(volume);

        // The volume is made before USER and given to that user; /app stays root's (COPY without --chown).
        var instructions = runtime.Instructions.ToList();
        var run = instructions.FindIndex(instruction => instruction.Keyword == "RUN");
        run.Should().BeLessThan(instructions.FindIndex(instruction => instruction.Keyword == "USER"));
        instructions[run].Text.Should().Contain($"mkdir -p {volume}").And.Contain($"chown {dockerfile.User}:{dockerfile.User} {volume}");
        runtime.All("COPY").Should().OnlyContain(copy => !copy.Flags.ContainsKey("chown"));
        runtime.Environment.Keys.Should().OnlyContain(name => RecipeFiles.IsReadByUnotify(name), "every variable the image sets is one the host reads");
    }
}
