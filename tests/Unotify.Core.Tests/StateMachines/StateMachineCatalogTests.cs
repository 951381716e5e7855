using Unotify.Core.Configuration;
using Unotify.Core.StateMachines;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.StateMachines;

public sealed class StateMachineCatalogTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_state_file_with_an_error_is_reported_with_its_position_under_the_workers_statefile_key()
    {
        var workers = Workers("provisioner \"soc\" {\n  statemachine \"soc\" {\n    initial = \"nowhere\"\n  }\n", "[soc]");
        var errors = new List<ConfigurationError>();

        StateMachineCatalog.Load(workers, errors, []);

        errors.Should().NotBeEmpty();
        errors.Should().OnlyContain(error => error.Key == "workers.w.statefile" && error.File.EndsWith("machines.hcl", StringComparison.Ordinal) && error.Line > 0);
    }

    [Fact]
    public void A_project_the_state_file_does_not_declare_is_an_error_under_the_workers_projects_key()
    {
        var workers = Workers("""
            provisioner "soc" {
              aliasmapper "soc" {
                aliases = { to_do: "To Do", done: "Done" }
              }
              statemachine "soc" {
                initial = "to_do"
                state "to_do" "next" { transition = "done" }
                state "done" "next" { transition = "<end>" }
              }
            }
            """, "[soc, devhop]");
        var errors = new List<ConfigurationError>();

        var machines = StateMachineCatalog.Load(workers, errors, []);

        var error = errors.Should().ContainSingle().Subject;
        error.Key.Should().Be("workers.w.projects");
        error.Problem.Should().Contain("no provisioner \"devhop\"");
        machines.Should().NotContainKey("w");
    }

    [Fact]
    public void Warnings_of_a_valid_state_file_are_passed_on()
    {
        var workers = Workers("""
            provisioner "soc" {
              aliasmapper "soc" {
                aliases = { to_do: "To Do", done: "Done", limbo: "Limbo" }
              }
              statemachine "soc" {
                initial = "to_do"
                state "to_do" "next" { transition = "done" }
                state "done" "next" { transition = "<end>" }
                state "limbo" "next" { transition = "done" }
              }
            }
            """, "[soc]");
        var warnings = new List<string>();

        var machines = StateMachineCatalog.Load(workers, [], warnings);

        machines.Should().ContainKey("w");
        warnings.Should().ContainSingle().Which.Should().Contain("limbo");
    }

    [Fact]
    public void A_worker_gets_the_machines_of_its_projects_firing_its_own_event()
    {
        var workers = Workers(SocMachine, "[soc]", "event: ship\n");

        var machines = StateMachineCatalog.Load(workers, [], []);

        var worker = machines["w"];
        worker.Event.Should().Be("ship");
        worker.Projects.Should().Equal("SOC");
        worker.Next("soc", "To Do", "ship").Should().Be(new StateMachineStep.Move("to_do", "done", "Done"));
    }

    [Fact]
    public void A_worker_without_a_state_file_handles_no_project_and_fires_next()
    {
        var workers = WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"),
            "workers:\n  notify:\n    on: push\n",
            new WorkersFileReaderOptions { DefaultPluginsDirectory = _directory.Path }).GetOrThrow();

        var machines = StateMachineCatalog.Load(workers, [], []);

        machines["notify"].Projects.Should().BeEmpty();
        machines["notify"].Event.Should().Be("next");
    }

    private const string SocMachine = """
        provisioner "soc" {
          aliasmapper "soc" {
            aliases = { to_do: "To Do", done: "Done" }
          }
          statemachine "soc" {
            initial = "to_do"
            state "to_do" "ship" { transition = "done" }
            state "done" "ship" { transition = "<end>" }
          }
        }
        """;

    private WorkersFile Workers(string hcl, string projects, string more = "")
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "statemachines"));
        File.WriteAllText(Path.Combine(_directory.Path, "statemachines", "machines.hcl"), hcl);
        return WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"),
            $"workers:\n  w:\n    on: push\n    statefile: machines.hcl\n    projects: {projects}\n    {more}",
            new WorkersFileReaderOptions { DefaultPluginsDirectory = _directory.Path }).GetOrThrow();
    }
}
